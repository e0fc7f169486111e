package io.countersign.server.access;

/**
 * Told of every {@link AccessChange} inside the change's transaction, after its rows are
 * written and before it commits, so it reads the state as it would be: throwing (a
 * {@code CountersignException}) refuses the change and nothing of it commits, and what it
 * records commits with the change. Approvals implement it (access does not depend on
 * them): a change that would leave a policy's quorum unreachable is refused, and the
 * grant that makes a second admin ends setup mode.
 */
public interface AccessChangeGuard {

	void check(AccessChange change);

}
