package io.countersign.server.approval.internal.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;

/**
 * The call to a webhook-mode request's executor and every attempt at it, as the API shows
 * them.
 *
 * @param state {@code PENDING} (to be made, or being made), {@code ANSWERED} (the
 * executor answered executed or failed), {@code GAVE_UP} (the retry schedule ran out)
 * @param nextAttemptAt when the next attempt is due, while pending
 * @param leasedUntil while an instance is making an attempt: until when it holds it
 */
public record ExecutorCall(ApprovalRequestId requestId, int revision, String url, String state, int attempts,
		Optional<Instant> nextAttemptAt, Optional<Instant> leasedUntil, List<Attempt> history) {

	/** One attempt; unfinished while in flight, or for good if its instance died. */
	public record Attempt(int attempt, String instance, Instant startedAt, Optional<Instant> finishedAt,
			Optional<Integer> httpStatus, Optional<String> outcome, Optional<String> error) {

	}

}
