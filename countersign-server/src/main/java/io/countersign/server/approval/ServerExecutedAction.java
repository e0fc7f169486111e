package io.countersign.server.approval;

/**
 * An action Countersign performs itself once a request for it is approved (activating a
 * policy version, for {@code policy.change}): a Spring bean of this type makes the
 * initiator's execution claim run it at once, in the claim's transaction, and record
 * {@code EXECUTED} or {@code FAILED} with the ledger event in the same commit.
 */
public interface ServerExecutedAction {

	/** The action type this bean executes, e.g. {@code policy.change}. */
	String actionType();

	/**
	 * Performs the approved request, inside the transaction that claimed it (so its own
	 * changes commit with the outcome, and its own ledger events go through
	 * {@code AuditTrail} as usual).
	 * @return the result to record: a JSON value (Map, List, String, Number, Boolean or
	 * null); for {@code policy.change}, the activated {@link PolicyDocument#toJson()}
	 * @throws RuntimeException to fail the execution: the action's changes are rolled
	 * back (to a savepoint), the request becomes {@code FAILED} with the message as the
	 * result
	 */
	Object execute(ApprovedRequest request);

}
