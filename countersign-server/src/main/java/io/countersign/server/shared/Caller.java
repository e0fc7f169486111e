package io.countersign.server.shared;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.countersign.ledger.event.Actor;

/**
 * Who made a request and what they may do, resolved afresh for every request from the
 * account's current role grants. Controllers receive it as
 * {@code @AuthenticationPrincipal Caller caller}; it never holds a token or password.
 *
 * @param accountId the account's id
 * @param username the account's user name, also its ledger actor id
 * @param kind {@code user} or {@code service}, also its ledger actor type
 * @param permissions every permission the account holds now, with its scope
 * @param credential how this request authenticated
 */
public record Caller(String accountId, String username, String kind, Map<String, PermissionScope> permissions,
		Credential credential) {

	public Caller {
		Objects.requireNonNull(accountId, "accountId");
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(kind, "kind");
		permissions = Map.copyOf(permissions);
		Objects.requireNonNull(credential, "credential");
	}

	/** Whether the caller holds {@code permission} in any scope. */
	public boolean holds(String permission) {
		return this.permissions.containsKey(permission);
	}

	/** The scope in which the caller holds {@code permission}, if at all. */
	public Optional<PermissionScope> scopeOf(String permission) {
		return Optional.ofNullable(this.permissions.get(permission));
	}

	/**
	 * Whether {@code permission} covers only what the caller created (e.g. the
	 * {@code agent} role).
	 */
	public boolean limitedToOwn(String permission) {
		return this.permissions.get(permission) == PermissionScope.OWN;
	}

	/** The caller as the actor of a ledger event. */
	public Actor actor() {
		return new Actor(this.username, this.kind);
	}

	/**
	 * The credential a request presented: an API token or a console session, by id (never
	 * the secret itself).
	 */
	public record Credential(Method method, String id) {

		public Credential {
			Objects.requireNonNull(method, "method");
			Objects.requireNonNull(id, "id");
		}

		public enum Method {

			TOKEN, SESSION

		}

	}

}
