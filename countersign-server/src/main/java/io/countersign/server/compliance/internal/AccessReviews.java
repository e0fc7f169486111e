package io.countersign.server.compliance.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The smallest honest access review: an admin states that they reviewed every role grant,
 * with a note (what was found and changed), recorded with its ledger event
 * ({@code compliance_access_reviewed}) in one transaction. The {@code access-review}
 * check reads the latest.
 */
@Component
public class AccessReviews {

	private final JdbcClient jdbc;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final Clock clock;

	AccessReviews(JdbcClient jdbc, AuditTrail trail, TransactionTemplate transaction, Clock clock) {
		this.jdbc = jdbc;
		this.trail = trail;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** A recorded review. */
	public record Review(String id, String reviewedBy, Instant reviewedAt, String note) {
	}

	public Review record(Caller caller, Optional<String> note) {
		String text = Attesting.text(note, "note", Attesting.MAX_NOTE);
		Review review = new Review(UUID.randomUUID().toString(), caller.username(), this.clock.instant(), text);
		long grants = this.jdbc.sql("SELECT COUNT(*) FROM role_grant").query(Long.class).single();
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc
				.sql("INSERT INTO compliance_access_review (id, reviewed_by, reviewed_at, note) VALUES (?, ?, ?, ?)")
				.params(review.id(), review.reviewedBy(), Evaluations.utc(review.reviewedAt()), review.note())
				.update();
			this.trail.record(EventDraft.of(ComplianceEvents.ACCESS_REVIEWED, caller.actor())
				.withAction("review")
				.withResource(new Resource(ComplianceEvents.ACCESS_REVIEW, review.id()))
				.withDetails(Map.of("grantsAtReview", grants, "noteSha256",
						Attesting.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
		});
		return review;
	}

}
