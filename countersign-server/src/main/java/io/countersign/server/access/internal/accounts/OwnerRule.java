package io.countersign.server.access.internal.accounts;

import java.util.Optional;

import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/**
 * Every service account created has an owner: the active user account that answers for
 * it, and the person its approval requests count as (docs/decisions/020). User accounts
 * have no owner; a service account never owns another (the chain would hide the person).
 */
@Component
public class OwnerRule {

	private final Accounts accounts;

	OwnerRule(Accounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * The owner a new account of {@code kind} gets: the one asked for, else the person
	 * creating it (a user caller itself, a service caller its owner).
	 */
	Optional<String> ownerOfNew(Caller caller, AccountKind kind, Optional<String> requested) {
		if (kind != AccountKind.SERVICE) {
			if (requested.isPresent()) {
				throw AccessInput.invalid("owner: only service accounts have an owner");
			}
			return Optional.empty();
		}
		String owner = requested.or(() -> personOf(caller))
			.orElseThrow(() -> AccessInput
				.invalid("owner: required when a service account without an owner creates a service account"));
		return Optional.of(checked(owner));
	}

	/** {@code owner}, if it names an active user account; else ERR_VALIDATION. */
	String checked(String owner) {
		Optional<Account> found = this.accounts.findByUsername(owner);
		if (found.isEmpty() || found.get().archived() || found.get().kind() != AccountKind.USER) {
			throw AccessInput.invalid("owner: '" + owner + "' is not an active user account");
		}
		return owner;
	}

	private Optional<String> personOf(Caller caller) {
		if (AccountKind.USER.wire().equals(caller.kind())) {
			return Optional.of(caller.username());
		}
		return this.accounts.findByUsername(caller.username()).flatMap(Account::owner);
	}

}
