package io.countersign.client;

/** Where an approval request stands (docs/approvals.md). */
public enum ApprovalState {

	UNDER_REVIEW, APPROVED, REJECTED, EXPIRED, CANCELLED, EXECUTING, EXECUTED, FAILED, ROLLED_BACK;

	/** Whether the quorum was met: approved, or past it (executing, executed, …). */
	public boolean approved() {
		return this == APPROVED || this == EXECUTING || this == EXECUTED || this == FAILED || this == ROLLED_BACK;
	}

	/** Whether the request is decided: anything but under review. */
	public boolean decided() {
		return this != UNDER_REVIEW;
	}

}
