package io.countersign.server.compliance.internal;

import io.countersign.ledger.event.Actor;
import io.countersign.server.audit.ReservedEvents;

/** The ledger events of compliance (registered in {@code ReservedEvents}). */
public final class ComplianceEvents {

	public static final String CHECKS_EVALUATED = "compliance_checks_evaluated";

	public static final String CONTROL_ATTESTED = "compliance_control_attested";

	public static final String ACCESS_REVIEWED = "compliance_access_reviewed";

	/** The resource type of an evaluation run on the ledger. */
	public static final String EVALUATION = "compliance_evaluation";

	/** The resource type of an attestation on the ledger. */
	public static final String ATTESTATION = "compliance_attestation";

	/** The resource type of an access review on the ledger. */
	public static final String ACCESS_REVIEW = "compliance_access_review";

	/** Who runs the scheduled evaluation. */
	public static final String SCHEDULE = "countersign";

	static final Actor SYSTEM = new Actor(SCHEDULE, ReservedEvents.SYSTEM_ACTOR_TYPE);

	private ComplianceEvents() {
	}

}
