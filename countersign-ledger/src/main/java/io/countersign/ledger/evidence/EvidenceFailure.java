package io.countersign.ledger.evidence;

/**
 * What an evidence package can fail on, from its archive to the approval rules.
 */
public enum EvidenceFailure {

	/** A file is missing, duplicated, unexpected or not in its documented shape. */
	PACKAGE_MALFORMED,
	/** The checkpoint is not a well-formed signed note or tlog-checkpoint. */
	CHECKPOINT_MALFORMED,
	/** The checkpoint carries no valid signature by the verifier key. */
	CHECKPOINT_SIGNATURE,
	/** An event's leaf and audit path do not lead to the signed root. */
	INCLUSION_PROOF,
	/** A proven leaf is not an event envelope in canonical form. */
	LEAF_NOT_CANONICAL,
	/** An event is about another resource than the package's approval request. */
	OTHER_REQUEST,
	/** A digest is not the SHA-256 of its revision's content, or not its revision's. */
	DIGEST_MISMATCH,
	/** A revision's policy document is not the policy version its content is bound to. */
	POLICY_MISMATCH,
	/** A decision's public key does not have the stated fingerprint. */
	KEY_FINGERPRINT,
	/** A decision's signature does not verify over its signing message. */
	DECISION_SIGNATURE,
	/**
	 * An approval by a standing rule that the rule does not give: another action type, an
	 * elevated policy or gated change, the creator initiated, the rule had ended, or the
	 * parameters do not match.
	 */
	STANDING_RULE,
	/** The initiator decided, or a person decided one revision twice. */
	FOUR_EYES,
	/** The request is approved (or further) without its quorum. */
	QUORUM_NOT_MET,
	/** The request is approved (or further) although a veto holder rejected it. */
	VETOED,
	/** The events move the request through a transition the states do not allow. */
	STATE_TRANSITION,
	/** The package says the action executed, but no proven event shows it. */
	EXECUTION_MISSING,
	/** A convenience file says something the proven events do not. */
	CONVENIENCE_FILE

}
