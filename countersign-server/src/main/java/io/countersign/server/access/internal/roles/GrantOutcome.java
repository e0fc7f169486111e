package io.countersign.server.access.internal.roles;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** What became of a grant asked for. */
public sealed interface GrantOutcome {

	/** Granted now; {@code reason} is what was recorded with it (e.g. {@code setup}). */
	record Granted(RoleGrant grant, Optional<String> reason) implements GrantOutcome {
	}

	/** An approval request decides it (granting admin outside setup mode). */
	record Deferred(URI location, Map<String, Object> answer) implements GrantOutcome {
	}

}
