package io.countersign.server.access.internal;

import io.countersign.server.access.AccessChange;
import io.countersign.server.access.AccessChangeGuard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells every {@link AccessChangeGuard} (approvals, when present) of a change, inside the
 * change's transaction after its rows are written: a guard that throws refuses the change
 * and it rolls back whole.
 */
@Component
public class AccessGuards {

	private final ObjectProvider<AccessChangeGuard> guards;

	AccessGuards(ObjectProvider<AccessChangeGuard> guards) {
		this.guards = guards;
	}

	public void check(AccessChange change) {
		this.guards.orderedStream().forEach((guard) -> guard.check(change));
	}

}
