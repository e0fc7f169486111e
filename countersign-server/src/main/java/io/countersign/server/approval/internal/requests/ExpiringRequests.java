package io.countersign.server.approval.internal.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.Rows;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests still under review at their expiry become EXPIRED on their own, once: every
 * instance looks for due requests, and each one is moved by a conditional update (still
 * under review and due) whose single winner records ACTION_EXPIRED in the same
 * transaction. A decision holding the row lock makes the update wait and then find the
 * request no longer under review.
 */
@Service
public class ExpiringRequests {

	/** Requests expired per transaction batch, so one run never holds many locks. */
	static final int BATCH = 100;

	private final ApprovalRequests requests;

	private final ApprovalAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ExpiringRequests(ApprovalRequests requests, ApprovalAudit audit, TransactionTemplate transaction, Clock clock) {
		this.requests = requests;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${countersign.approvals.expiry-interval:PT10S}",
			initialDelayString = "${countersign.approvals.expiry-interval:PT10S}")
	void scheduled() {
		expireDue();
	}

	/** Expires every due request; answers how many this call expired. */
	public int expireDue() {
		Instant now = Rows.now(this.clock);
		int expired = 0;
		for (ApprovalRequestId id : this.requests.due(now, BATCH)) {
			Boolean moved = this.transaction.execute((status) -> {
				if (!this.requests.expire(id, now)) {
					return false;
				}
				StoredRequest request = this.requests.find(id).orElseThrow();
				this.audit.recordStep(ApprovalEvents.EXPIRED, ApprovalAudit.SYSTEM, request,
						Optional.of("expired at " + request.expiresAt()), RequestingApproval.stateDetails(request));
				return true;
			});
			if (Boolean.TRUE.equals(moved)) {
				expired++;
			}
		}
		return expired;
	}

}
