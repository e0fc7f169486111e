package io.countersign.server.access.internal.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.roles.Role;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.tokens.IssuingTokens;
import io.countersign.server.access.internal.tokens.StoredToken;

/**
 * The JSON the access API answers with. Never a password hash, TOTP secret or stored
 * token hash; a token itself only in {@link IssuedTokenJson}, once.
 */
final class AccessJson {

	private AccessJson() {
	}

	/** A list answer: {@code {"items": [...]}}. */
	record Items<T>(List<T> items) {

	}

	record AccountJson(String id, String username, String displayName, String kind, String status, boolean totpEnabled,
			Instant createdAt, Instant updatedAt, Optional<Instant> archivedAt, Optional<String> owner,
			Optional<String> email, List<GrantJson> roles) {

		static AccountJson of(AccountDirectory.AccountWithRoles found) {
			Account account = found.account();
			return new AccountJson(account.id(), account.username(), account.displayName(), account.kind().wire(),
					account.archived() ? "archived" : "active", account.totpEnabled(), account.createdAt(),
					account.updatedAt(), account.archivedAt(), account.owner(), account.email(),
					found.roles().stream().map(GrantJson::of).toList());
		}

	}

	record GrantJson(String role, Optional<Instant> expiresAt, String source, String grantedBy, Instant grantedAt) {

		static GrantJson of(RoleGrant grant) {
			return new GrantJson(grant.role().value(), grant.expiresAt(), grant.source(), grant.grantedBy(),
					grant.grantedAt());
		}

	}

	/** A listed token; {@code lastUsedAt} is as precise as the last-use interval. */
	record TokenJson(String id, String name, Instant createdAt, Optional<Instant> expiresAt,
			Optional<Instant> revokedAt, Optional<Instant> lastUsedAt, String status) {

		static TokenJson of(StoredToken token, Instant now) {
			return new TokenJson(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.revokedAt(),
					token.lastUsedAt(), IssuingTokens.status(token, now));
		}

	}

	record IssuedTokenJson(String id, String name, String token, Instant createdAt, Optional<Instant> expiresAt) {

		static IssuedTokenJson of(IssuingTokens.IssuedToken issued) {
			StoredToken stored = issued.stored();
			return new IssuedTokenJson(stored.id(), stored.name(), issued.token(), stored.createdAt(),
					stored.expiresAt());
		}

		@Override
		public String toString() {
			return "IssuedTokenJson[" + this.id + "]";
		}

	}

	record RoleJson(String name, String description, boolean requiresMfa, boolean builtIn,
			Map<String, String> permissions) {

		static RoleJson of(Role role) {
			Map<String, String> permissions = new TreeMap<>();
			role.permissions().forEach((name, scope) -> permissions.put(name, scope.wire()));
			return new RoleJson(role.name().value(), role.description(), role.requiresMfa(), role.builtIn(),
					permissions);
		}

	}

}
