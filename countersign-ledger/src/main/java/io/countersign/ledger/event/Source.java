package io.countersign.ledger.event;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the request came from, as far as the server could tell.
 */
public record Source(Optional<String> ip, Optional<String> userAgent) {

	public Source {
		Objects.requireNonNull(ip, "ip");
		Objects.requireNonNull(userAgent, "userAgent");
	}

	boolean isEmpty() {
		return this.ip.isEmpty() && this.userAgent.isEmpty();
	}

}
