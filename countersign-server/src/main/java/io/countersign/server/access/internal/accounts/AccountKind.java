package io.countersign.server.access.internal.accounts;

import java.util.Locale;

/** A person who signs in, or a service that only uses API tokens. */
public enum AccountKind {

	USER, SERVICE;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static AccountKind fromWire(String wire) {
		return valueOf(wire.toUpperCase(Locale.ROOT));
	}

}
