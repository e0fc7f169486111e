package io.countersign.server.approval.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Vetoed;
import io.countersign.server.access.People;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.RequestOverview;
import io.countersign.server.approval.RequestOverviews;
import io.countersign.server.approval.internal.decisions.DecidingApproval;
import io.countersign.server.approval.internal.decisions.Decisions;
import io.countersign.server.approval.internal.decisions.StoredDecision;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.StoredRequest;

import org.springframework.stereotype.Service;

/**
 * {@link RequestOverviews} from the approval tables: the deciders are counted as
 * {@link DecidingApproval} counts them, people holding a decider role who have not
 * decided the current revision, never the initiator's person.
 */
@Service
class ReadingOverviews implements RequestOverviews {

	private final ApprovalRequests requests;

	private final Decisions decisions;

	private final PolicyBook policies;

	private final People people;

	private final Clock clock;

	ReadingOverviews(ApprovalRequests requests, Decisions decisions, PolicyBook policies, People people, Clock clock) {
		this.requests = requests;
		this.decisions = decisions;
		this.policies = policies;
		this.people = people;
		this.clock = clock;
	}

	@Override
	public Optional<RequestOverview> overview(ApprovalRequestId id) {
		return this.requests.find(id).map(this::overview);
	}

	private RequestOverview overview(StoredRequest request) {
		PolicyDocument policy = this.policies.version(request.actionType(), request.policy().version()).orElseThrow();
		List<StoredDecision> current = this.decisions.of(request.id())
			.stream()
			.filter((made) -> made.revision() == request.revision())
			.toList();
		Set<String> decided = new TreeSet<>();
		current.forEach((made) -> decided.add(made.person()));
		Set<String> deciders = new TreeSet<>(
				this.people.holdersOf(policy.deciderRoles(), this.clock.instant()).keySet());
		deciders.removeAll(decided);
		deciders.removeIf(request::initiatedByPerson);
		boolean vetoed = DecidingApproval.status(policy, request, current) instanceof Vetoed;
		String justification = this.requests.revision(request.id(), request.revision()).content().justification();
		return new RequestOverview(request.id(), request.actionType(), policy.description(), request.state(),
				request.revision(), request.initiator(), request.initiatorPerson(), justification, request.expiresAt(),
				deciders, vetoed);
	}

}
