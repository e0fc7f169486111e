package io.countersign.server.access.internal;

import java.util.Locale;

/** A person who signs in, or a service that only uses API tokens. */
enum AccountKind {

	USER, SERVICE;

	String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static AccountKind fromWire(String wire) {
		return valueOf(wire.toUpperCase(Locale.ROOT));
	}

}
