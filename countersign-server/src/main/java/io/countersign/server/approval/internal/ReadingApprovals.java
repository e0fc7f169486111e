package io.countersign.server.approval.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.QuorumStatus;
import io.countersign.server.access.People;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.delegations.Delegations;
import io.countersign.server.approval.internal.decisions.DecidingApproval;
import io.countersign.server.approval.internal.decisions.Decisions;
import io.countersign.server.approval.internal.decisions.StoredDecision;
import io.countersign.server.approval.internal.execution.Execution;
import io.countersign.server.approval.internal.execution.Executions;
import io.countersign.server.approval.internal.keys.ApproverKeys;
import io.countersign.server.approval.internal.keys.StoredKey;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.RequestQuery;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Service;

/**
 * A request with everything known about it (revisions, decisions, quorum progress,
 * execution), and pages of requests; an {@code own}-scoped reader sees only what they
 * initiated.
 */
@Service
public class ReadingApprovals {

	static final String READ = "approvals:read";

	private final ApprovalRequests requests;

	private final Decisions decisions;

	private final Executions executions;

	private final ApproverKeys keys;

	private final PolicyBook policies;

	private final People people;

	private final Delegations delegations;

	private final ApprovalProperties properties;

	private final Clock clock;

	ReadingApprovals(ApprovalRequests requests, Decisions decisions, Executions executions, ApproverKeys keys,
			PolicyBook policies, People people, Delegations delegations, ApprovalProperties properties, Clock clock) {
		this.requests = requests;
		this.decisions = decisions;
		this.executions = executions;
		this.keys = keys;
		this.policies = policies;
		this.people = people;
		this.delegations = delegations;
		this.properties = properties;
		this.clock = clock;
	}

	/** A decision with the key it was signed with. */
	public record SignedDecision(StoredDecision decision, Optional<StoredKey> key, boolean counts) {

	}

	/** Everything about one request. */
	public record ApprovalDetails(StoredRequest request, PolicyDocument policy, List<Revision> revisions,
			List<SignedDecision> decisions, QuorumStatus quorum, Optional<Execution> execution) {

		public Revision current() {
			return this.revisions.get(this.revisions.size() - 1);
		}

	}

	/** One page and the cursor of the next, if there may be more. */
	public record Page(List<StoredRequest> requests, Optional<ApprovalRequestId> next) {

	}

	public ApprovalDetails details(Caller caller, ApprovalRequestId id) {
		StoredRequest request = this.requests.find(id)
			.filter((found) -> mayRead(caller, found))
			.orElseThrow(() -> RequestingApproval.notFound(id));
		PolicyDocument policy = this.policies.version(request.actionType(), request.policy().version()).orElseThrow();
		List<StoredDecision> all = this.decisions.of(id);
		List<StoredDecision> current = all.stream().filter((made) -> made.revision() == request.revision()).toList();
		List<SignedDecision> signed = all.stream()
			.map((made) -> new SignedDecision(made, this.keys.find(made.keyId()),
					made.revision() == request.revision()))
			.toList();
		return new ApprovalDetails(request, policy, this.requests.revisions(id), signed,
				DecidingApproval.status(policy, request, current), this.executions.of(id));
	}

	/**
	 * A request its initiator has just opened, from what was written: one revision, no
	 * decisions, no execution; what {@link #details} would read back in the same
	 * transaction's aftermath, without the five queries.
	 */
	public ApprovalDetails opened(Caller caller, RequestingApproval.Written written) {
		StoredRequest request = written.request();
		if (written.decidedByRules()) {
			return details(caller, request.id());
		}
		return new ApprovalDetails(request, written.policy(), List.of(written.revision()), List.of(),
				DecidingApproval.status(written.policy(), request, List.of()), Optional.empty());
	}

	/**
	 * Whether a caller holding {@code approvals:read} may see this request: everyone
	 * holding it in scope {@code all}, the initiator alone in scope {@code own}. Anyone
	 * else is answered as if the request did not exist.
	 */
	public static boolean mayRead(Caller caller, StoredRequest request) {
		return !caller.limitedToOwn(READ) || request.initiatedBy(caller.username());
	}

	public Page page(Caller caller, Optional<ApprovalState> state, boolean waitingForMe, boolean initiatedByMe,
			Optional<ApprovalRequestId> after, Optional<Integer> limit) {
		int size = Math.max(1, Math.min(limit.orElse(this.properties.pageSize()), this.properties.pageSize()));
		Optional<RequestQuery.Waiting> waiting = waitingForMe ? Optional.of(waiting(caller.username()))
				: Optional.empty();
		boolean own = initiatedByMe || caller.limitedToOwn(READ);
		List<StoredRequest> found = this.requests.page(new RequestQuery(state, waiting,
				own ? Optional.of(caller.username()) : Optional.empty(), after, size + 1));
		if (found.size() > size) {
			List<StoredRequest> page = found.subList(0, size);
			return new Page(List.copyOf(page), Optional.of(page.get(size - 1).id()));
		}
		return new Page(found, Optional.empty());
	}

	/** What {@code person} may decide now: with their own roles and by delegation. */
	private RequestQuery.Waiting waiting(String person) {
		Instant now = this.clock.instant();
		List<RequestQuery.OnBehalfOf> delegated = this.delegations.receivedInForce(person, now)
			.stream()
			.map((delegation) -> new RequestQuery.OnBehalfOf(delegation.delegator(),
					this.people.rolesOf(delegation.delegator(), now), delegation.actionTypes()))
			.toList();
		return new RequestQuery.Waiting(person, this.people.rolesOf(person, now), delegated);
	}

}
