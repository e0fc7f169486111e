package io.countersign.server.shared;

/** How far a permission held through a role reaches. */
public enum PermissionScope {

	/** Everything of the resource type. */
	ALL,

	/** Only what the holder created, e.g. a service identity's own events. */
	OWN;

	/** The lowercase name stored in the database and shown in the API. */
	public String wire() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public static PermissionScope fromWire(String wire) {
		return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
	}

}
