package io.countersign.server.access.internal.roles;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.shared.PermissionScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an account may do now: the union of the permissions of its unexpired role grants,
 * the wider scope winning where two roles give the same permission.
 */
@Component
public class EffectivePermissions {

	private final JdbcClient jdbc;

	EffectivePermissions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Held of(String accountId, Instant now) {
		Map<String, PermissionScope> permissions = new HashMap<>();
		Instant[] firstExpiry = { null };
		this.jdbc.sql("""
				SELECT rp.permission_name, rp.scope, g.expires_at
				FROM role_grant g JOIN role_permission rp ON rp.role_name = g.role_name
				WHERE g.account_id = ? AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(accountId, Accounts.utc(now)).query((rs) -> {
			PermissionScope scope = PermissionScope.fromWire(rs.getString(2));
			permissions.merge(rs.getString(1), scope, EffectivePermissions::wider);
			Accounts.instant(rs, "expires_at").ifPresent((expiry) -> {
				if (firstExpiry[0] == null || expiry.isBefore(firstExpiry[0])) {
					firstExpiry[0] = expiry;
				}
			});
		});
		return new Held(permissions, Optional.ofNullable(firstExpiry[0]));
	}

	private static PermissionScope wider(PermissionScope a, PermissionScope b) {
		return (a == PermissionScope.ALL || b == PermissionScope.ALL) ? PermissionScope.ALL : PermissionScope.OWN;
	}

	/**
	 * Permissions held, and when the first of the grants behind them expires (when the
	 * answer must be recomputed).
	 */
	public record Held(Map<String, PermissionScope> permissions, Optional<Instant> changesAt) {

		public Held {
			permissions = Map.copyOf(permissions);
		}

	}

}
