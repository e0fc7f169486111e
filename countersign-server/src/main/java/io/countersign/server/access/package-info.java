/**
 * Access control: who is calling and what they may do. Owns accounts, passwords and TOTP
 * second factors, API tokens, console sessions, roles, permissions and grants, and the
 * HTTP security that authenticates every request and checks the access rule of every
 * handler; every authentication and every denial is a ledger event.
 * <p>
 * Exposes {@link io.countersign.server.access.AdminRecovery} (a new admin token with the
 * server stopped, for {@code recover-admin}). Other features see the result of access
 * control only as the {@code Caller} and the access-rule annotations of
 * {@code io.countersign.server.shared}.
 * <p>
 * Inside, {@code internal} is split by capability, so each is found by its folder name:
 * <ul>
 * <li>{@code accounts}: user and service accounts, creating and changing them, the
 * credential-takeover rule;</li>
 * <li>{@code passwords}: the password policy and password hashing;</li>
 * <li>{@code signin}: password sign-in, lockout of guessed user names, and the limit on
 * recorded failures per source address;</li>
 * <li>{@code totp}: the TOTP second factor (RFC 6238);</li>
 * <li>{@code sessions}: console sessions and their cookie, the recent-sign-in rule;</li>
 * <li>{@code tokens}: API tokens, issuing them and authenticating bearer tokens;</li>
 * <li>{@code roles}: roles, permissions and grants, and the rules about who may grant
 * what (no self-grant, grantor holds the permissions, never the last admin);</li>
 * <li>{@code sso}: OpenID Connect single sign-on;</li>
 * <li>{@code bootstrap}: the first admin and token of a fresh installation, and offline
 * recovery;</li>
 * <li>{@code security}: the Spring Security filter chain, the access rule of each API
 * handler and of the actuator, and turning an account into the request's caller;</li>
 * <li>{@code web}: the REST controllers and their request and response bodies, and the
 * console's administration pages ({@code AdminPages}) on the same use cases;</li>
 * <li>the {@code internal} package itself: what all of them share, the access events
 * written to the ledger, the short-lived caches and the change notifications that
 * invalidate them on every server instance.</li>
 * </ul>
 */
package io.countersign.server.access;
