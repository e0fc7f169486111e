package io.countersign.client;

/**
 * {@code gate} did not run the action: the request was rejected, expired or cancelled.
 */
public class ApprovalDeniedException extends CountersignClientException {

	private final Decision decision;

	public ApprovalDeniedException(Decision decision) {
		super("Request " + decision.request().id() + " was not approved: " + decision.state());
		this.decision = decision;
	}

	public Decision decision() {
		return this.decision;
	}

}
