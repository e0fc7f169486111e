package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.ResourceEvents;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.internal.ComplianceEvents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Role grants reviewed in the last 90 days: the latest access review recorded with
 * {@code POST /api/v1/compliance/access-reviews}, cited by its ledger entry.
 */
@Component
class AccessReviewCheck implements Check {

	static final String ID = "access-review";

	static final Duration MAX_AGE = Duration.ofDays(90);

	private final JdbcClient jdbc;

	private final ResourceEvents events;

	AccessReviewCheck(JdbcClient jdbc, ResourceEvents events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Override
	public String id() {
		return ID;
	}

	record Review(String id, String by, Instant at) {
	}

	@Override
	public CheckResult run(CheckContext context) {
		List<Review> latest = this.jdbc
			.sql("SELECT id, reviewed_by, reviewed_at FROM compliance_access_review ORDER BY reviewed_at DESC LIMIT 1")
			.query((rs, row) -> new Review(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
		Map<String, Object> facts = new LinkedHashMap<>();
		if (latest.isEmpty()) {
			facts.put("lastReview", "none");
			return Results.of(ID, context, CheckOutcome.FAILED, "No access review was ever recorded.", facts);
		}
		Review review = latest.get(0);
		facts.put("lastReview", review.id());
		facts.put("reviewedBy", review.by());
		facts.put("reviewedAt", review.at().toString());
		List<Long> cited = this.events.of(new Resource(ComplianceEvents.ACCESS_REVIEW, review.id()))
			.stream()
			.map(ResourceEvents.LoggedEvent::index)
			.toList();
		if (review.at().isBefore(context.now().minus(MAX_AGE))) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"The last access review, by " + review.by() + " on " + review.at() + ", is older than 90 days.",
					facts, cited);
		}
		return Results.of(ID, context, CheckOutcome.PASSED,
				"Role grants were reviewed by " + review.by() + " on " + review.at() + ", within the last 90 days.",
				facts, cited);
	}

}
