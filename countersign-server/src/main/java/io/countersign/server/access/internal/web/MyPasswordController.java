package io.countersign.server.access.internal.web;

import io.countersign.server.access.internal.accounts.ChangingAccounts;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /api/v1/me/password}: the caller sets their own password. */
@RestController
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class MyPasswordController {

	private final ChangingAccounts changing;

	MyPasswordController(ChangingAccounts changing) {
		this.changing = changing;
	}

	@PutMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change the caller's own password, giving the current one")
	@SelfService
	ResponseEntity<Void> change(@AuthenticationPrincipal Caller caller, @Valid @RequestBody PasswordChange body) {
		this.changing.changeOwnPassword(caller, body.currentPassword(), body.newPassword());
		return ResponseEntity.noContent().build();
	}

	record PasswordChange(
			@NotEmpty(message = "is required") @Size(max = AccessInput.MAX_PASSWORD,
					message = "must be at most {max} characters") String currentPassword,
			@NotEmpty(message = "is required") @Size(max = AccessInput.MAX_PASSWORD,
					message = "must be at most {max} characters") String newPassword) {

		@Override
		public String toString() {
			return "PasswordChange[***]";
		}

	}

}
