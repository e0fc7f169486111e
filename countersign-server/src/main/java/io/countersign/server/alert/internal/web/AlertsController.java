package io.countersign.server.alert.internal.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.Hash;
import io.countersign.ledger.evidence.AlertEvidenceWriter;
import io.countersign.ledger.json.Json;
import io.countersign.server.alert.Severity;
import io.countersign.server.alert.internal.alerts.Alert;
import io.countersign.server.alert.internal.alerts.AlertFilter;
import io.countersign.server.alert.internal.alerts.AlertState;
import io.countersign.server.alert.internal.alerts.Alerts;
import io.countersign.server.alert.internal.alerts.Closing;
import io.countersign.server.audit.ProvenEntries;
import io.countersign.server.audit.ProvenHistory;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts, their evidence, and the steps people take on them. */
@RestController
@Tag(name = "Alerts", description = "Suspicious-activity alerts with verifiable evidence")
class AlertsController {

	static final int MAX_PAGE = 200;

	private final Alerts alerts;

	private final ProvenEntries proofs;

	AlertsController(Alerts alerts, ProvenEntries proofs) {
		this.alerts = alerts;
		this.proofs = proofs;
	}

	@GetMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Alerts newest first: state, severity, rule filters; after=<id of the last shown>, limit")
	@RequiresPermission("alerts:read")
	Map<String, Object> list(@RequestParam Optional<String> state, @RequestParam Optional<String> severity,
			@RequestParam Optional<String> rule, @RequestParam Optional<String> after,
			@RequestParam Optional<Integer> limit) {
		if (limit.isPresent() && (limit.get() < 1 || limit.get() > MAX_PAGE)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "limit: must be 1 to " + MAX_PAGE);
		}
		int size = limit.orElse(50);
		AlertFilter filter = new AlertFilter(state.map((value) -> parse(AlertState.class, "state", value)),
				severity.map((value) -> parse(Severity.class, "severity", value)), rule);
		List<Alert> page = this.alerts.page(filter, after.map(AlertsController::id), size);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("items", page.stream().map(AlertsController::json).toList());
		if (page.size() == size) {
			json.put("next", page.get(size - 1).id());
		}
		return json;
	}

	@GetMapping(path = "/api/v1/alerts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An alert with its evidence: each cited ledger entry, its inclusion proof, the signed "
			+ "checkpoint that covers them and the verifier key")
	@RequiresPermission("alerts:read")
	Map<String, Object> read(@PathVariable String id) {
		Alert alert = find(id);
		ProvenHistory proven = this.proofs.of(alert.evidence().indexes());
		Map<String, Object> json = json(alert);
		List<Map<String, Object>> entries = proven.entries().stream().map((entry) -> {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("index", entry.index());
			line.put("leaf", Base64.getEncoder().encodeToString(entry.leaf()));
			line.put("auditPath", entry.auditPath().stream().map(Hash::base64).toList());
			line.put("event", Json.parse(new String(entry.leaf(), java.nio.charset.StandardCharsets.UTF_8)));
			return line;
		}).toList();
		Map<String, Object> proof = new LinkedHashMap<>();
		proof.put("checkpoint", proven.checkpointNote());
		proof.put("verifierKey", proven.key().encoded());
		proof.put("entries", entries);
		json.put("proof", proof);
		return json;
	}

	@GetMapping(path = "/api/v1/alerts/{id}/evidence", produces = "application/zip")
	@Operation(summary = "The alert's evidence package (ZIP): java -jar countersign-ledger.jar <file> verifies it")
	@RequiresPermission("alerts:read")
	ResponseEntity<byte[]> evidence(@PathVariable String id) {
		Alert alert = find(id);
		ProvenHistory proven = this.proofs.of(alert.evidence().indexes());
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try {
			AlertEvidenceWriter.write(json(alert), proven.entries(), proven.checkpointNote(), proven.key(), zip);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"alert-" + alert.id() + ".zip\"")
			.body(zip.toByteArray());
	}

	@PostMapping(path = "/api/v1/alerts/{id}/acknowledge", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Acknowledge an open alert, with a reason (audited)")
	@RequiresPermission("alerts:manage")
	Map<String, Object> acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody ReasonBody body) {
		return json(this.alerts.acknowledge(caller, id(id), body.reason()));
	}

	@PostMapping(path = "/api/v1/alerts/{id}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Resolve an alert that is open or acknowledged, with a reason (audited)")
	@RequiresPermission("alerts:manage")
	Map<String, Object> resolve(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody ReasonBody body) {
		return json(this.alerts.resolve(caller, id(id), body.reason()));
	}

	/** The body of acknowledge and resolve. */
	record ReasonBody(String reason) {

	}

	private Alert find(String id) {
		return this.alerts.find(id(id))
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_ALERT_NOT_FOUND, "No alert " + id + "."));
	}

	static Map<String, Object> json(Alert alert) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", alert.id());
		json.put("rule", alert.rule());
		json.put("title", alert.title());
		json.put("severity", alert.severity().name());
		json.put("subject", alert.subject());
		json.put("state", alert.state().name());
		json.put("summary", alert.summary());
		json.put("firstSeen", alert.firstSeen().toString());
		json.put("lastSeen", alert.lastSeen().toString());
		json.put("count", alert.hits());
		json.put("evidence", alert.evidence().indexes());
		json.put("evidenceOmitted", alert.evidence().omitted());
		alert.acknowledged().ifPresent((closing) -> json.put("acknowledged", closing(closing)));
		alert.resolved().ifPresent((closing) -> json.put("resolved", closing(closing)));
		return json;
	}

	private static Map<String, Object> closing(Closing closing) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("by", closing.by());
		json.put("at", closing.at().toString());
		json.put("reason", closing.reason());
		return json;
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					name + ": must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
		}
	}

	/** An alert id (a UUID), refused with 400 otherwise. */
	static String id(String id) {
		try {
			if (UUID.fromString(id).toString().equals(id)) {
				return id;
			}
		}
		catch (IllegalArgumentException ex) {
			// refused below
		}
		throw new CountersignException(ErrorCode.ERR_VALIDATION,
				"'" + id + "' is not an alert id (a lower-case UUID).");
	}

}
