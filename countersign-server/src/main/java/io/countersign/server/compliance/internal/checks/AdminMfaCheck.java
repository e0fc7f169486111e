package io.countersign.server.compliance.internal.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * MFA required and enrolled for every admin: the {@code admin} role requires MFA, and
 * every active user account holding it that signs in with a password has TOTP enabled.
 * Accounts signing in through SSO get their second factor checked by the provider (the
 * role's requirement makes Countersign insist on it); token-only accounts have no
 * interactive sign-in. Both are listed, neither counted as enrolled.
 */
@Component
class AdminMfaCheck implements Check {

	static final String ID = "admin-mfa";

	private final JdbcClient jdbc;

	AdminMfaCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		boolean required = this.jdbc.sql("SELECT requires_mfa FROM role WHERE name = 'admin'")
			.query(Boolean.class)
			.optional()
			.orElse(false);
		List<String> enrolled = new ArrayList<>();
		List<String> notEnrolled = new ArrayList<>();
		List<String> sso = new ArrayList<>();
		List<String> tokenOnly = new ArrayList<>();
		this.jdbc.sql("""
				SELECT a.username, a.password_hash IS NOT NULL, a.totp_enabled, a.sso_issuer IS NOT NULL, a.kind
				FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name = 'admin' AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?)
				ORDER BY a.username
				""").param(CheckContext.utc(context.now())).query((rs) -> {
			String name = rs.getString(1);
			if (rs.getBoolean(3)) {
				enrolled.add(name);
			}
			else if (rs.getBoolean(2)) {
				notEnrolled.add(name);
			}
			else if (rs.getBoolean(4)) {
				sso.add(name);
			}
			else {
				tokenOnly.add(name);
			}
		});
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("adminRoleRequiresMfa", required);
		facts.put("enrolled", enrolled);
		facts.put("passwordWithoutTotp", notEnrolled);
		facts.put("ssoSecondFactorAtProvider", sso);
		facts.put("tokenOnly", tokenOnly);
		if (!required) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"The admin role does not require MFA, so an administrator may sign in with a password alone.",
					facts);
		}
		int passwordAdmins = enrolled.size() + notEnrolled.size();
		if (notEnrolled.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.PASSED, "The admin role requires MFA and all " + passwordAdmins
					+ " administrators who sign in with a password have TOTP enabled.", facts);
		}
		String missing = String.join(", ", notEnrolled);
		if (enrolled.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"No administrator who signs in with a password has TOTP enabled: " + missing + ".", facts);
		}
		return Results.of(ID, context, CheckOutcome.PARTIAL,
				enrolled.size() + " of " + passwordAdmins
						+ " administrators who sign in with a password have TOTP enabled; missing: " + missing + ".",
				facts);
	}

}
