package io.countersign.server.console.internal;

import io.countersign.server.shared.Caller;

/**
 * How many approval requests wait for {@code caller}'s decision: the landing rule sends
 * an approver with waiting requests to the approvals inbox.
 */
@FunctionalInterface
public interface WaitingApprovals {

	long waitingFor(Caller caller);

}
