package io.countersign.server.access.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sign-in and sessions, {@code countersign.access.*} (README, Configuration).
 *
 * @param password the password policy
 * @param lockout brute-force protection of password sign-in
 * @param session console (browser) sessions
 * @param sso single sign-on with OpenID Connect
 * @param failures rate limit of unauthenticated failures per source address
 */
@ConfigurationProperties("countersign.access")
public record AccessProperties(@DefaultValue Password password, @DefaultValue Lockout lockout,
		@DefaultValue Session session, @DefaultValue Sso sso, @DefaultValue Failures failures) {

	/**
	 * @param minLength shortest password accepted
	 */
	public record Password(@DefaultValue("12") int minLength) {
	}

	/**
	 * After {@code maxFailures} failed sign-ins for one user name within {@code window},
	 * each further attempt waits {@code step} longer, up to {@code maxWait}.
	 */
	public record Lockout(@DefaultValue("10") int maxFailures, @DefaultValue("12h") Duration window,
			@DefaultValue("1m") Duration step, @DefaultValue("15m") Duration maxWait) {
	}

	/**
	 * @param idleTimeout a session unused this long ends
	 * @param absoluteTimeout a session ends this long after sign-in, used or not
	 * @param secureCookie send the session cookie only over HTTPS; switch off only for
	 * plain-HTTP development on localhost
	 */
	public record Session(@DefaultValue("15m") Duration idleTimeout, @DefaultValue("12h") Duration absoluteTimeout,
			@DefaultValue("true") boolean secureCookie) {
	}

	/**
	 * @param groupsClaim the ID token or user-info claim holding the user's groups
	 * @param roleMapping identity-provider group to Countersign role
	 * @param mfaMethods the ID token {@code amr} values (RFC 8176) that show the provider
	 * checked a second factor; an account holding a role that requires MFA signs in only
	 * with one of them
	 * @param grantRenewal how long a grant from group mapping lasts after the sign-in
	 * that last gave it: a user removed at the provider loses it by then even without
	 * signing in again
	 */
	public record Sso(@DefaultValue("groups") String groupsClaim, @DefaultValue Map<String, String> roleMapping,
			@DefaultValue( {
					"mfa", "otp", "hwk", "swk", "sc" }) List<String> mfaMethods,
			@DefaultValue("30d") Duration grantRenewal){
	}

	/**
	 * @param perSourcePerMinute failed authentications (unknown tokens or session
	 * cookies, failed sign-ins) one source address may cause per minute before its
	 * further failures are answered 429 and recorded as one aggregated event instead of
	 * one each
	 */
	public record Failures(@DefaultValue("20") int perSourcePerMinute) {
	}

}
