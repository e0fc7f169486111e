package io.countersign.server.compliance.internal.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every elevated action type has an approval policy, and none was executed without its
 * quorum in the period. Elevated are the action types Countersign gates itself
 * (docs/approvals.md) and every type whose policy in force is marked elevated; each needs
 * a policy in force with a quorum. An execution claimed in the period counts as without
 * its quorum when the executed revision holds no approval from anyone but the initiator:
 * the full quorum expression is enforced when deciding, and this is read from the
 * approval tables, which the approval module never changes afterwards.
 */
@Component
class ApprovalPoliciesCheck implements Check {

	static final String ID = "approval-policies";

	/** The action types Countersign gates itself (approval's GatedActions). */
	static final Set<String> GATED = PolicyDocument.GATED_ACTION_TYPES;

	private final JdbcClient jdbc;

	ApprovalPoliciesCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		Map<String, String> quorums = new LinkedHashMap<>();
		Set<String> elevated = new TreeSet<>(GATED);
		this.jdbc.sql("""
				SELECT p.action_type, p.quorum, p.elevated FROM approval_policy p
				WHERE p.version = (SELECT MAX(q.version) FROM approval_policy q WHERE q.action_type = p.action_type)
				""").query((rs) -> {
			quorums.put(rs.getString(1), rs.getString(2));
			if (rs.getBoolean(3)) {
				elevated.add(rs.getString(1));
			}
		});
		List<String> withoutPolicy = elevated.stream()
			.filter((type) -> quorums.getOrDefault(type, "").isBlank())
			.toList();
		List<String> unapproved = new ArrayList<>();
		int[] executions = { 0 };
		this.jdbc.sql("""
				SELECT e.request_id, r.action_type,
				    (SELECT COUNT(*) FROM approval_decision d WHERE d.request_id = e.request_id
				        AND d.revision = e.revision AND d.verdict = 'approve' AND d.person <> r.initiator_person)
				FROM approval_execution e JOIN approval_request r ON r.id = e.request_id
				WHERE e.claimed_at >= ?
				ORDER BY e.claimed_at
				""").param(CheckContext.utc(context.periodStart())).query((rs) -> {
			executions[0]++;
			if (rs.getLong(3) == 0) {
				unapproved.add(rs.getString(1) + " (" + rs.getString(2) + ")");
			}
		});
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("elevatedActionTypes", List.copyOf(elevated));
		facts.put("withoutPolicy", withoutPolicy);
		facts.put("executionsInPeriod", executions[0]);
		facts.put("executedWithoutApproval", unapproved);
		facts.put("periodDays", context.periodDays());
		List<String> problems = new ArrayList<>();
		if (!withoutPolicy.isEmpty()) {
			problems.add("elevated action types without a policy: " + String.join(", ", withoutPolicy));
		}
		if (!unapproved.isEmpty()) {
			problems.add("requests executed without an independent approval: " + String.join(", ", unapproved));
		}
		if (problems.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.PASSED,
					"All " + elevated.size() + " elevated action types have a policy with a quorum, and all "
							+ executions[0] + " executions of the last " + context.periodDays()
							+ " days were approved by someone other than their initiator.",
					facts);
		}
		return Results.of(ID, context, CheckOutcome.FAILED, "Found " + String.join("; ", problems) + ".", facts);
	}

}
