package io.countersign.ledger.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.event.Resource;

/**
 * The approval events of one request read from proven leaves, in ledger order: its steps
 * (revisions, signed decisions, other state changes) and, for a policy change, the
 * POLICY_CHANGE_ events beside them. Reading checks shapes and that every event is about
 * the same request; {@link ApprovalRules} judges what they say.
 */
record ApprovalRecord(ApprovalRequestId request, List<LoggedEvent> events, List<LoggedStep> steps,
		List<StateChange> policyChanges) {

	static ApprovalRecord read(List<LoggedEvent> events) throws TamperedEvidence {
		if (events.isEmpty()) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, "the package holds no events");
		}
		ApprovalRequestId request = requestOf(events.get(0));
		List<LoggedStep> steps = new ArrayList<>();
		List<StateChange> policyChanges = new ArrayList<>();
		int decisions = 0;
		for (LoggedEvent event : events) {
			Optional<Resource> resource = event.event().resource();
			if (!resource.equals(Optional.of(new Resource(ApprovalEvents.RESOURCE_TYPE, request.toString())))) {
				throw new TamperedEvidence(EvidenceFailure.OTHER_REQUEST,
						event.describe() + " is about " + resource.map((r) -> r.type() + " " + r.id()).orElse("nothing")
								+ ", not approval request " + request);
			}
			String type = event.type();
			if (type.equals(ApprovalEvents.QUEUED) || type.equals(ApprovalEvents.REVISED)) {
				steps.add(Revision.read(event));
			}
			else if (type.equals(ApprovalEvents.APPROVED) || type.equals(ApprovalEvents.REJECTED)) {
				steps.add(SignedDecision.read(event, ++decisions, request));
			}
			else if (type.equals(ApprovalEvents.AUTO_APPROVED)) {
				steps.add(RuleApproval.read(event, ++decisions));
			}
			else if (ApprovalEvents.STEP_TARGETS.containsKey(type)) {
				steps.add(StateChange.read(event));
			}
			else if (ApprovalEvents.POLICY_CHANGES.contains(type)) {
				policyChanges.add(StateChange.read(event));
			}
			else {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
						event.describe() + " is not an approval event this verifier knows");
			}
		}
		ApprovalRecord record = new ApprovalRecord(request, List.copyOf(events), List.copyOf(steps),
				List.copyOf(policyChanges));
		if (record.revisions().isEmpty()) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
					"the package holds no " + ApprovalEvents.QUEUED + " event of approval request " + request);
		}
		return record;
	}

	private static ApprovalRequestId requestOf(LoggedEvent first) throws TamperedEvidence {
		String id = first.event().resource().map(Resource::id).orElse("");
		try {
			ApprovalRequestId request = ApprovalRequestId.of(id);
			if (request.toString().equals(id)) {
				return request;
			}
		}
		catch (IllegalArgumentException ex) {
			// named below
		}
		throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
				first.describe() + ": \"" + id + "\" is not the lower-case UUID of an approval request");
	}

	List<Revision> revisions() {
		return of(Revision.class);
	}

	List<SignedDecision> decisions() {
		return of(SignedDecision.class);
	}

	List<RuleApproval> ruleApprovals() {
		return of(RuleApproval.class);
	}

	List<StateChange> stateChanges() {
		return of(StateChange.class);
	}

	private <T extends LoggedStep> List<T> of(Class<T> kind) {
		return this.steps.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	Revision first() {
		return revisions().get(0);
	}

	Revision last() {
		List<Revision> revisions = revisions();
		return revisions.get(revisions.size() - 1);
	}

	/**
	 * The state the last ACTION_ event records; {@link ApprovalRules} checks that it is
	 * the state the rules reach.
	 */
	ApprovalState statedState() {
		return this.steps.get(this.steps.size() - 1).recordedState();
	}

	/** The state change of that type, when the package has one. */
	Optional<StateChange> stateChange(String type) {
		return stateChanges().stream().filter((change) -> change.at().type().equals(type)).findFirst();
	}

}
