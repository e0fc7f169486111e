package io.countersign.server.approval.internal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.AlternativeProgress;
import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Decision;
import io.countersign.ledger.approval.FourEyesRule;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.QuorumMet;
import io.countersign.ledger.approval.QuorumProgress;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.TermProgress;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.approval.Vetoed;
import io.countersign.ledger.json.Json;
import io.countersign.server.approval.internal.ReadingApprovals.ApprovalDetails;
import io.countersign.server.approval.internal.ReadingApprovals.SignedDecision;
import io.countersign.server.approval.internal.decisions.StoredDecision;
import io.countersign.server.approval.internal.execution.Execution;
import io.countersign.server.approval.internal.execution.ExecutorCall;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import tools.jackson.databind.util.RawValue;

/**
 * The JSON of approval requests, as the API answers them (and as the console's request
 * page shows them, so both say the same).
 */
public final class ApprovalJson {

	private ApprovalJson() {
	}

	/**
	 * What the digest was taken over, written as it is: the API leaves out null members
	 * elsewhere, but a null parameter is part of the signed content, and an approver who
	 * recomputes the digest from what the API shows must get the digest it shows.
	 */
	private static RawValue exactly(Object json) {
		return new RawValue(Json.write(json));
	}

	/** A request in a list: its state, not its history. */
	public static Map<String, Object> summary(StoredRequest request) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", request.id().toString());
		json.put("actionType", request.actionType());
		json.put("state", request.state().name());
		json.put("revision", request.revision());
		json.put("policy", Map.of("actionType", request.actionType(), "version", request.policy().version()));
		json.put("initiator", request.initiator());
		json.put("initiatorPerson", request.initiatorPerson());
		json.put("expiresAt", request.expiresAt().toString());
		json.put("createdAt", request.createdAt().toString());
		json.put("updatedAt", request.updatedAt().toString());
		request.rollbackOf().ifPresent((original) -> json.put("rollbackOf", original.toString()));
		return json;
	}

	/** A request with its current revision, quorum progress and history. */
	public static Map<String, Object> details(ApprovalDetails details) {
		Map<String, Object> json = summary(details.request());
		Revision current = details.current();
		json.put("digest", current.digest().hex());
		json.put("parameters", exactly(current.content().parameters()));
		json.put("diff", current.content().diff().orElse(null));
		json.put("justification", current.content().justification());
		json.put("policyDocument", details.policy().toJson());
		json.put("quorum", quorum(details));
		json.put("revisions", details.revisions().stream().map(ApprovalJson::revision).toList());
		json.put("decisions", details.decisions().stream().map(ApprovalJson::decision).toList());
		details.execution().ifPresent((execution) -> json.put("execution", execution(execution)));
		return json;
	}

	private static Map<String, Object> quorum(ApprovalDetails details) {
		PersonId initiator = PersonId.of(details.request().initiatorPerson());
		List<Decision> current = details.decisions()
			.stream()
			.filter(SignedDecision::counts)
			.map((signed) -> signed.decision().decision())
			.toList();
		Map<PersonId, Set<RoleName>> approvers = new LinkedHashMap<>();
		List<String> rejectedBy = new ArrayList<>();
		for (Decision decision : FourEyesRule.countable(initiator, current)) {
			if (decision.verdict() == Verdict.APPROVE) {
				approvers.put(decision.person(), decision.roles());
			}
			else {
				rejectedBy.add(decision.person().value());
			}
		}
		QuorumProgress progress = QuorumProgress.of(details.policy().quorumPolicy().effectiveQuorum(), approvers);
		AlternativeProgress closest = progress.closest();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("expression", details.policy().quorumPolicy().effectiveQuorum().toString());
		json.put("veto", details.policy().veto());
		json.put("met", details.quorum() instanceof QuorumMet);
		if (details.quorum() instanceof Vetoed vetoed) {
			json.put("vetoedBy", Map.of("person", vetoed.person().value(), "role", vetoed.role().value()));
		}
		json.put("missing", progress.missing());
		json.put("approvedBy", approvers.keySet().stream().map(PersonId::value).toList());
		json.put("rejectedBy", rejectedBy);
		json.put("terms", closest.terms().stream().map(ApprovalJson::term).toList());
		json.put("alternatives",
				progress.alternatives()
					.stream()
					.map((alternative) -> Map.of("missing", alternative.missing(), "terms",
							alternative.terms().stream().map(ApprovalJson::term).toList()))
					.toList());
		return json;
	}

	private static Map<String, Object> term(TermProgress term) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("term", term.term().toString());
		json.put("counted", term.counted().stream().map(PersonId::value).toList());
		json.put("missing", term.missing());
		json.put("open", !term.met());
		return json;
	}

	private static Map<String, Object> revision(Revision revision) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("revision", revision.number());
		json.put("digest", revision.digest().hex());
		json.put("content", exactly(revision.content().toJson()));
		json.put("createdAt", revision.createdAt().toString());
		return json;
	}

	static Map<String, Object> decision(SignedDecision signed) {
		StoredDecision decision = signed.decision();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("revision", decision.revision());
		// approver: who decided; a delegated decision counts as onBehalfOf, an
		// auto-approval
		// as the standing rule's creator
		json.put("approver", decision.delegate().orElse(decision.person()));
		decision.delegate().ifPresent((delegate) -> json.put("onBehalfOf", decision.person()));
		decision.delegation().ifPresent((delegation) -> json.put("delegation", delegation));
		decision.standingRule().ifPresent((rule) -> json.put("standingRule", rule));
		json.put("decision", decision.verdict().wireName());
		json.put("reason", decision.reason());
		json.put("roles", new TreeSet<>(decision.roles()));
		if (decision.standingRule().isEmpty()) {
			json.put("keyId", decision.keyId());
			signed.key().ifPresent((key) -> json.put("fingerprint", key.fingerprint()));
			json.put("signature", decision.signature());
		}
		json.put("decidedAt", decision.decidedAt().toString());
		json.put("eventId", decision.eventId());
		json.put("counts", signed.counts());
		return json;
	}

	static Map<String, Object> executorCall(ExecutorCall call) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("revision", call.revision());
		json.put("url", call.url());
		json.put("state", call.state());
		json.put("attempts", call.attempts());
		call.nextAttemptAt().ifPresent((time) -> json.put("nextAttemptAt", time.toString()));
		call.leasedUntil().ifPresent((time) -> json.put("leasedUntil", time.toString()));
		json.put("items", call.history().stream().map((attempt) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("attempt", attempt.attempt());
			item.put("instance", attempt.instance());
			item.put("startedAt", attempt.startedAt().toString());
			attempt.finishedAt().ifPresent((time) -> item.put("finishedAt", time.toString()));
			attempt.httpStatus().ifPresent((status) -> item.put("httpStatus", status));
			attempt.outcome().ifPresent((outcome) -> item.put("outcome", outcome));
			attempt.error().ifPresent((error) -> item.put("error", error));
			return item;
		}).toList());
		return json;
	}

	static Map<String, Object> execution(Execution execution) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("revision", execution.revision());
		json.put("claimedBy", execution.claimedBy());
		json.put("claimedAt", execution.claimedAt().toString());
		execution.outcome().ifPresent((outcome) -> json.put("outcome", outcome));
		execution.result().ifPresent((result) -> json.put("result", Json.parse(result)));
		execution.reportedBy().ifPresent((person) -> json.put("reportedBy", person));
		execution.reportedAt().ifPresent((time) -> json.put("reportedAt", time.toString()));
		return json;
	}

	public static ApprovalRequestId id(String id) {
		try {
			return ApprovalRequestId.of(id);
		}
		catch (IllegalArgumentException ex) {
			throw io.countersign.server.approval.internal.requests.RequestingApproval.notFound(id);
		}
	}

}
