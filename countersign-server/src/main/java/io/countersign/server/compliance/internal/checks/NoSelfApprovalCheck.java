package io.countersign.server.compliance.internal.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * No self-approval in the period: no approving decision made in the period by the person
 * behind the request's initiator (a service account counts as its owner, decision 020).
 * Read from the approval tables, not by scanning the ledger.
 */
@Component
class NoSelfApprovalCheck implements Check {

	static final String ID = "no-self-approval";

	private final JdbcClient jdbc;

	NoSelfApprovalCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		List<String> selfApproved = new ArrayList<>();
		int[] decisions = { 0 };
		this.jdbc.sql("""
				SELECT d.request_id, d.person, d.person = r.initiator_person
				FROM approval_decision d JOIN approval_request r ON r.id = d.request_id
				WHERE d.verdict = 'approve' AND d.decided_at >= ?
				ORDER BY d.decided_at
				""").param(CheckContext.utc(context.periodStart())).query((rs) -> {
			decisions[0]++;
			if (rs.getBoolean(3)) {
				selfApproved.add(rs.getString(1) + " by " + rs.getString(2));
			}
		});
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("approvalsInPeriod", decisions[0]);
		facts.put("selfApprovals", selfApproved);
		facts.put("periodDays", context.periodDays());
		if (selfApproved.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.PASSED, "None of the " + decisions[0]
					+ " approvals of the last " + context.periodDays() + " days was made by the request's initiator.",
					facts);
		}
		return Results.of(ID, context, CheckOutcome.FAILED,
				selfApproved.size() + " approvals of the last " + context.periodDays()
						+ " days were made by the request's initiator: " + String.join(", ", selfApproved) + ".",
				facts);
	}

}
