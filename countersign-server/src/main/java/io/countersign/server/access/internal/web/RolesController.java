package io.countersign.server.access.internal.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.roles.DefiningRoles;
import io.countersign.server.access.internal.roles.Permission;
import io.countersign.server.access.internal.roles.Role;
import io.countersign.server.access.internal.roles.Roles;
import io.countersign.server.access.internal.web.AccessJson.Items;
import io.countersign.server.access.internal.web.AccessJson.RoleJson;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.PermissionScope;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/roles} and {@code /api/v1/permissions}: roles as sets of permissions.
 */
@RestController
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class RolesController {

	private static final int MAX_PERMISSIONS = 256;

	private final Roles roles;

	private final DefiningRoles defining;

	RolesController(Roles roles, DefiningRoles defining) {
		this.roles = roles;
		this.defining = defining;
	}

	@GetMapping(path = "/api/v1/permissions", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Every permission an endpoint can require")
	@RequiresPermission("roles:read")
	Items<Permission> permissions() {
		return new Items<>(this.roles.permissions());
	}

	@GetMapping(path = "/api/v1/roles", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Every role with its permissions")
	@RequiresPermission("roles:read")
	Items<RoleJson> list() {
		return new Items<>(this.roles.all().stream().map(RoleJson::of).toList());
	}

	@GetMapping(path = "/api/v1/roles/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One role with its permissions")
	@RequiresPermission("roles:read")
	RoleJson get(@PathVariable String name) {
		return RoleJson.of(this.defining.role(AccessInput.knownRoleName(name)));
	}

	@PostMapping(path = "/api/v1/roles", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a role")
	@RequiresPermission("roles:manage")
	ResponseEntity<RoleJson> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewRole body) {
		Role role = this.defining.create(caller, RoleName.of(body.name()), body.description(),
				body.requiresMfa().orElse(false), body.scopes());
		return ResponseEntity.status(HttpStatus.CREATED).body(RoleJson.of(role));
	}

	@PatchMapping(path = "/api/v1/roles/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a role's description, or whether its holders need TOTP")
	@RequiresPermission("roles:manage")
	RoleJson update(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@Valid @RequestBody RoleChange body) {
		return RoleJson
			.of(this.defining.update(caller, AccessInput.knownRoleName(name), body.description(), body.requiresMfa()));
	}

	@PutMapping(path = "/api/v1/roles/{name}/permissions/{permission}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Give a role a permission, in scope all (default) or own")
	@RequiresPermission("roles:manage")
	RoleJson putPermission(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@PathVariable String permission, @Valid @RequestBody(required = false) PermissionChange body) {
		PermissionScope scope = (body != null) ? body.permissionScope() : PermissionScope.ALL;
		return RoleJson.of(this.defining.putPermission(caller, AccessInput.knownRoleName(name),
				AccessInput.permission(permission), scope));
	}

	@DeleteMapping("/api/v1/roles/{name}/permissions/{permission}")
	@Operation(summary = "Take a permission from a role")
	@RequiresPermission("roles:manage")
	ResponseEntity<Void> removePermission(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@PathVariable String permission) {
		this.defining.removePermission(caller, AccessInput.knownRoleName(name), AccessInput.permission(permission));
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/api/v1/roles/{name}")
	@Operation(summary = "Delete a role that is not built in; its grants end with it")
	@RequiresPermission("roles:manage")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
		this.defining.delete(caller, AccessInput.knownRoleName(name));
		return ResponseEntity.noContent().build();
	}

	static PermissionScope scope(String wire) {
		if ("all".equals(wire)) {
			return PermissionScope.ALL;
		}
		if ("own".equals(wire)) {
			return PermissionScope.OWN;
		}
		// the body's constraint already allows only these two
		throw AccessInput.invalid("scope must be all or own");
	}

	record NewRole(
			@NotNull(message = AccessInput.ROLE_NAME_MESSAGE) @Pattern(regexp = AccessInput.ROLE_NAME_RULE,
					message = AccessInput.ROLE_NAME_MESSAGE) String name,
			@NotNull(message = "is required") @Size(max = AccessInput.MAX_DESCRIPTION,
					message = "must be at most {max} characters") @DisplayText String description,
			Optional<Boolean> requiresMfa,
			@Size(max = MAX_PERMISSIONS, message = "must hold at most {max} entries") Map<String, @NotNull(
					message = "must be all or own") @ScopeName String> permissions) {

		NewRole {
			requiresMfa = AccessInput.present(requiresMfa);
			permissions = (permissions != null) ? permissions : Map.of();
		}

		/** The permissions by name; one that cannot exist is an unknown permission. */
		Map<String, PermissionScope> scopes() {
			Map<String, PermissionScope> scopes = new LinkedHashMap<>();
			this.permissions
				.forEach((permission, scope) -> scopes.put(AccessInput.permission(permission), scope(scope)));
			return scopes;
		}

	}

	record RoleChange(
			Optional<@Size(max = AccessInput.MAX_DESCRIPTION,
					message = "must be at most {max} characters") @DisplayText String> description,
			Optional<Boolean> requiresMfa) {

		RoleChange {
			description = AccessInput.present(description);
			requiresMfa = AccessInput.present(requiresMfa);
		}

	}

	record PermissionChange(Optional<@ScopeName String> scope) {

		PermissionChange {
			scope = AccessInput.present(scope);
		}

		PermissionScope permissionScope() {
			return this.scope.map(RolesController::scope).orElse(PermissionScope.ALL);
		}

	}

}
