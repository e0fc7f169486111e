package io.countersign.ledger.event;

/**
 * Who handed the event to the ledger, as the server authenticated them: an account and
 * the credential it used (for example {@code token:<token id>}). Unlike the actor, which
 * the submitter states, the server sets this itself.
 */
public record Submitter(String account, String credential) {

	public Submitter {
		Envelope.requireText("submitter.account", account);
		Envelope.requireText("submitter.credential", credential);
	}

}
