package io.countersign.server.notification.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notice is about, by its wire name: a request needing a decision, a new revision
 * to look at again, and the outcomes.
 */
public enum NotificationEvent {

	REQUESTED("approval.requested", "needs your decision"),

	REVISED("approval.revised", "was revised and needs your decision again"),

	APPROVED("approval.approved", "was approved"),

	REJECTED("approval.rejected", "was rejected"),

	VETOED("approval.vetoed", "was vetoed"),

	EXECUTED("approval.executed", "was executed"),

	FAILED("approval.failed", "failed to execute"),

	EXPIRED("approval.expired", "expired undecided");

	private final String wire;

	private final String phrase;

	NotificationEvent(String wire, String phrase) {
		this.wire = wire;
		this.phrase = phrase;
	}

	public String wire() {
		return this.wire;
	}

	/** How a sentence about the request ends, e.g. "needs your decision". */
	public String phrase() {
		return this.phrase;
	}

	/** Whether the notice asks people to decide (rather than tells an outcome). */
	public boolean asksForDecision() {
		return this == REQUESTED || this == REVISED;
	}

	public static Optional<NotificationEvent> fromWire(String wire) {
		return Arrays.stream(values()).filter((event) -> event.wire.equals(wire)).findFirst();
	}

}
