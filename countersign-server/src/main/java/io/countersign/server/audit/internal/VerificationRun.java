package io.countersign.server.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;
import io.countersign.server.audit.TreeHead;

/**
 * One verification of the whole ledger on this server: what it compares with, how far it
 * got, and how it ended.
 */
final class VerificationRun {

	enum State {

		RUNNING, INTACT, TAMPERED, FAILED

	}

	/** What a finished run found: a result, or why it could not say. */
	record Outcome(Optional<VerifyResult> result, Optional<String> error) {

	}

	private final UUID id;

	private final Instant startedAt;

	private final Optional<Checkpoint> supplied;

	private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

	private volatile Optional<TreeHead> seen = Optional.empty();

	private volatile long entriesChecked;

	private volatile long entriesTotal;

	private volatile Instant finishedAt;

	VerificationRun(UUID id, Instant startedAt, Optional<Checkpoint> supplied) {
		this.id = id;
		this.startedAt = startedAt;
		this.supplied = supplied;
	}

	UUID id() {
		return this.id;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	Optional<Instant> finishedAt() {
		return Optional.ofNullable(this.finishedAt);
	}

	/** The checkpoint the caller handed in, already checked against the ledger's key. */
	Optional<Checkpoint> supplied() {
		return this.supplied;
	}

	/** The largest tree head this server had seen when the run began. */
	Optional<TreeHead> seen() {
		return this.seen;
	}

	long entriesChecked() {
		return this.entriesChecked;
	}

	/** The ledger's size when the run began; more may be checked if it grew since. */
	long entriesTotal() {
		return Math.max(this.entriesTotal, this.entriesChecked);
	}

	State state() {
		Outcome done = this.outcome.getNow(null);
		if (done == null) {
			return State.RUNNING;
		}
		if (done.result().isEmpty()) {
			return State.FAILED;
		}
		return (done.result().get() instanceof Tampered) ? State.TAMPERED : State.INTACT;
	}

	/** The outcome, once there is one. */
	Optional<Outcome> outcome() {
		return Optional.ofNullable(this.outcome.getNow(null));
	}

	/** Completes when the run has ended. */
	CompletableFuture<Outcome> finished() {
		return this.outcome;
	}

	/**
	 * How long until the run is likely over, from its pace so far; {@code fallback} while
	 * there is no pace to go by.
	 */
	Duration remaining(Instant now, Duration fallback) {
		long checked = this.entriesChecked;
		long left = entriesTotal() - checked;
		Duration elapsed = Duration.between(this.startedAt, now);
		if (checked == 0 || elapsed.isNegative()) {
			return fallback;
		}
		return elapsed.multipliedBy(Math.max(left, 1)).dividedBy(checked);
	}

	void began(Optional<TreeHead> seen, long total) {
		this.seen = seen;
		this.entriesTotal = total;
	}

	void checked(long entries) {
		this.entriesChecked = entries;
	}

	void end(Instant at, Outcome outcome) {
		this.finishedAt = at;
		this.outcome.complete(outcome);
	}

}
