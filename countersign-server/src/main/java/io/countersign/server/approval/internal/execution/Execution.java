package io.countersign.server.approval.internal.execution;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;

/**
 * The one execution of an approved request: who claimed it and, once reported, how it
 * ended. {@code result} is the reported JSON value as compact text.
 */
public record Execution(ApprovalRequestId requestId, int revision, String claimedBy, Instant claimedAt,
		Optional<String> outcome, Optional<String> result, Optional<String> reportedBy, Optional<Instant> reportedAt) {

}
