package io.countersign.server.access.internal.accounts;

import io.countersign.server.shared.Caller;

/**
 * The id of an account: the stable key its grants, tokens and sessions point to, never
 * its user name. A type of its own so that a method taking an account and a role, a token
 * name or a password cannot be handed them in the wrong order.
 */
public record AccountId(String value) {

	public AccountId {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("an account id is not blank");
		}
	}

	public static AccountId of(String value) {
		return new AccountId(value);
	}

	/** The account a request is made by. */
	public static AccountId of(Caller caller) {
		return new AccountId(caller.accountId());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
