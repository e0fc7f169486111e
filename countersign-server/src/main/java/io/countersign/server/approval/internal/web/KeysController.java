package io.countersign.server.approval.internal.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.approval.internal.keys.RegisteringKeys;
import io.countersign.server.approval.internal.keys.StoredKey;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own approver keys: the Ed25519 public keys their decisions verify with.
 */
@RestController
@Tag(name = "Approvals", description = "Requests for high-risk actions, signed decisions, execution and rollback")
class KeysController {

	private final RegisteringKeys registering;

	KeysController(RegisteringKeys registering) {
		this.registering = registering;
	}

	@PostMapping(path = "/api/v1/me/keys", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Register an Ed25519 public key (SPKI PEM, as openssl pkey -pubout writes it)")
	@SelfService
	ResponseEntity<Map<String, Object>> register(@AuthenticationPrincipal Caller caller, @RequestBody NewKey body) {
		StoredKey key = this.registering.register(caller, (body.publicKey() == null) ? "" : body.publicKey());
		return ResponseEntity.status(HttpStatus.CREATED).body(json(key));
	}

	@GetMapping(path = "/api/v1/me/keys", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's approver keys, revoked ones included")
	@SelfService
	Map<String, Object> list(@AuthenticationPrincipal Caller caller) {
		return Map.of("items", this.registering.of(caller).stream().map(KeysController::json).toList());
	}

	@DeleteMapping("/api/v1/me/keys/{id}")
	@Operation(summary = "Revoke one of the caller's approver keys; decisions it signed stay valid evidence")
	@SelfService
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		this.registering.revoke(caller, id);
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> json(StoredKey key) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", key.id());
		json.put("fingerprint", key.fingerprint());
		json.put("publicKey", key.key().pem());
		json.put("createdAt", key.createdAt().toString());
		key.revokedAt().ifPresent((revoked) -> json.put("revokedAt", revoked.toString()));
		return json;
	}

	record NewKey(String publicKey) {

	}

}
