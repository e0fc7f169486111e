package io.countersign.client;

/**
 * How a request was decided: its state once it left review, and the request as then.
 */
public record Decision(ApprovalState state, ApprovalRequest request) {

	/** Whether the quorum was met (the request may already be executing or executed). */
	public boolean approved() {
		return this.state.approved();
	}

}
