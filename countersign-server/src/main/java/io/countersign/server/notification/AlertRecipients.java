package io.countersign.server.notification;

import java.util.Set;

/**
 * Who hears about an alert: notification channels by id, and people, named by role (its
 * active holders) or by account. People get an inbox item, and an e-mail when they have
 * an address and e-mail is configured.
 */
public record AlertRecipients(Set<String> channels, Set<String> roles, Set<String> accounts) {

	public AlertRecipients {
		channels = Set.copyOf(channels);
		roles = Set.copyOf(roles);
		accounts = Set.copyOf(accounts);
	}

	public static AlertRecipients none() {
		return new AlertRecipients(Set.of(), Set.of(), Set.of());
	}

	public boolean isEmpty() {
		return this.channels.isEmpty() && this.roles.isEmpty() && this.accounts.isEmpty();
	}

}
