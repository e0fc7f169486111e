package io.countersign.server.access.internal.web;

import io.countersign.server.access.internal.totp.TotpFactor;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Enrollment of the caller's own TOTP second factor. */
@RestController
@RequestMapping("/api/v1/me/totp")
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class TotpController {

	private final TotpFactor totp;

	TotpController(TotpFactor totp) {
		this.totp = totp;
	}

	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start TOTP enrollment: a new secret, enabled once a code from it is confirmed")
	@SelfService
	TotpFactor.Enrollment begin(@AuthenticationPrincipal Caller caller) {
		return this.totp.begin(caller);
	}

	@PostMapping("/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Enable TOTP with a current code from the authenticator app")
	@SelfService
	void confirm(@AuthenticationPrincipal Caller caller, @Valid @RequestBody Confirmation confirmation) {
		this.totp.confirm(caller, confirmation.code());
	}

	record Confirmation(@NotNull @Size(max = 16) String code) {

		@Override
		public String toString() {
			return "Confirmation[code=***]";
		}

	}

}
