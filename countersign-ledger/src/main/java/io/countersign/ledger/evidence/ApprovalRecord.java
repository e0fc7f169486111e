package io.countersign.ledger.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.event.Resource;

/**
 * The approval events of one request read from proven leaves, in ledger order: its
 * revisions, its signed decisions, its other steps and (for a policy change) the
 * POLICY_CHANGE_ events beside them. Reading checks shapes and that every event is about
 * the same request; {@link ApprovalRules} judges what they say.
 */
record ApprovalRecord(ApprovalRequestId request, List<LoggedEvent> events, List<Revision> revisions,
		List<SignedDecision> decisions, List<Step> steps, List<Step> policyChanges) {

	static ApprovalRecord read(List<LoggedEvent> events) throws TamperedEvidence {
		if (events.isEmpty()) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, "the package holds no events");
		}
		ApprovalRequestId request = requestOf(events.get(0));
		List<Revision> revisions = new ArrayList<>();
		List<SignedDecision> decisions = new ArrayList<>();
		List<Step> steps = new ArrayList<>();
		List<Step> policyChanges = new ArrayList<>();
		for (LoggedEvent event : events) {
			Optional<Resource> resource = event.event().resource();
			if (resource.isEmpty() || !resource.get().type().equals(ApprovalEvents.RESOURCE_TYPE)
					|| !resource.get().id().equals(request.toString())) {
				throw new TamperedEvidence(EvidenceFailure.OTHER_REQUEST,
						event.describe() + " is about " + resource.map((r) -> r.type() + " " + r.id()).orElse("nothing")
								+ ", not approval request " + request);
			}
			String type = event.type();
			if (type.equals(ApprovalEvents.QUEUED) || type.equals(ApprovalEvents.REVISED)) {
				revisions.add(Revision.read(event));
			}
			else if (type.equals(ApprovalEvents.APPROVED) || type.equals(ApprovalEvents.REJECTED)) {
				decisions.add(SignedDecision.read(event, decisions.size() + 1, request));
			}
			else if (ApprovalEvents.STEP_TARGETS.containsKey(type)) {
				steps.add(Step.read(event));
			}
			else if (ApprovalEvents.POLICY_CHANGES.contains(type)) {
				policyChanges.add(Step.read(event));
			}
			else {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
						event.describe() + " is not an approval event this verifier knows");
			}
		}
		if (revisions.isEmpty()) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
					"the package holds no " + ApprovalEvents.QUEUED + " event of approval request " + request);
		}
		return new ApprovalRecord(request, List.copyOf(events), List.copyOf(revisions), List.copyOf(decisions),
				List.copyOf(steps), List.copyOf(policyChanges));
	}

	private static ApprovalRequestId requestOf(LoggedEvent first) throws TamperedEvidence {
		Optional<Resource> resource = first.event().resource();
		if (resource.isEmpty() || !resource.get().type().equals(ApprovalEvents.RESOURCE_TYPE)) {
			throw new TamperedEvidence(EvidenceFailure.OTHER_REQUEST,
					first.describe() + " is not about an approval request");
		}
		String id = resource.get().id();
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
				first.describe() + ": request id \"" + id + "\" is not a lower-case UUID");
	}

	Revision first() {
		return this.revisions.get(0);
	}

	Revision last() {
		return this.revisions.get(this.revisions.size() - 1);
	}

	/**
	 * The state the last ACTION_ event records (a revision records none: it leaves the
	 * request under review); {@link ApprovalRules} checks it is the state the rules
	 * reach.
	 */
	ApprovalState statedState() {
		long revised = last().at().index();
		ApprovalState state = ApprovalState.UNDER_REVIEW;
		long latest = revised;
		for (SignedDecision decision : this.decisions) {
			if (decision.at().index() > latest) {
				latest = decision.at().index();
				state = decision.state();
			}
		}
		for (Step step : this.steps) {
			if (step.at().index() > latest) {
				latest = step.at().index();
				state = step.state();
			}
		}
		return state;
	}

	/** The step of that type, when the package has one. */
	Optional<Step> step(String type) {
		return this.steps.stream().filter((step) -> step.at().type().equals(type)).findFirst();
	}

}
