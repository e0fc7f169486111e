package io.countersign.server.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.Intact;
import io.countersign.ledger.verify.OpenedCheckpoint;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RetryLaterException;
import io.countersign.server.shared.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Verifies the whole ledger, one run at a time per server, on a thread of its own: every
 * stored entry and checkpoint ({@link LedgerVerification}), and then that the stored tree
 * still holds the largest tree head this server saw ({@link SeenTreeHead}) and the
 * checkpoint the caller supplied, if any. A verification reads every row and keeps every
 * core busy, so a second one while the first runs is refused with a time to come back.
 */
@Service
class LedgerVerifications implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LedgerVerifications.class);

	// finished runs stay readable until this many newer ones have started
	private static final int KEPT = 20;

	private static final Duration PACE_UNKNOWN = Duration.ofSeconds(5);

	private static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	private final LedgerVerification verification;

	private final SeenTreeHead seen;

	private final StoredRoots storedRoots;

	private final AuditLog auditLog;

	private final LedgerEntries entries;

	private final LedgerKeys keys;

	private final Clock clock;

	private final MeterRegistry registry;

	private final VerificationRecords records;

	private final AuditTrail trail;

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(
			DaemonThreads.named("ledger-verification"));

	private final AtomicReference<VerificationRun> running = new AtomicReference<>();

	// guarded by itself
	private final Map<UUID, VerificationRun> runs = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, VerificationRun> eldest) {
			return size() > KEPT;
		}
	};

	LedgerVerifications(LedgerVerification verification, SeenTreeHead seen, StoredRoots storedRoots, AuditLog auditLog,
			LedgerEntries entries, LedgerKeys keys, Clock clock, MeterRegistry registry, VerificationRecords records,
			AuditTrail trail) {
		this.records = records;
		this.trail = trail;
		this.verification = verification;
		this.seen = seen;
		this.storedRoots = storedRoots;
		this.auditLog = auditLog;
		this.entries = entries;
		this.keys = keys;
		this.clock = clock;
		this.registry = registry;
		registry.gauge("countersign.ledger.verification.running", this.running, (run) -> (run.get() != null) ? 1 : 0);
	}

	/**
	 * A checkpoint a caller kept: a C2SP signed note that must carry this ledger's
	 * signature and origin, or the request is refused with
	 * {@code ERR_INVALID_CHECKPOINT}.
	 */
	Checkpoint supplied(String note) {
		OpenedCheckpoint opened = OpenedCheckpoint.open(new SignedCheckpoint(note), this.keys.verifierKey());
		if (opened instanceof OpenedCheckpoint.Rejected rejected) {
			throw new CountersignException(ErrorCode.ERR_INVALID_CHECKPOINT,
					"the supplied checkpoint cannot be used: " + rejected.tampered().detail());
		}
		return ((OpenedCheckpoint.Verified) opened).checkpoint();
	}

	/**
	 * Starts a verification in the background, or refuses with
	 * {@code ERR_VERIFY_IN_PROGRESS} while one runs.
	 */
	VerificationRun start(Optional<Checkpoint> supplied, String startedBy) {
		VerificationRun run = new VerificationRun(UUID.randomUUID(), this.clock.instant(), supplied);
		if (!this.running.compareAndSet(null, run)) {
			VerificationRun other = this.running.get();
			Duration wait = (other != null) ? other.remaining(this.clock.instant(), PACE_UNKNOWN) : PACE_UNKNOWN;
			throw new RetryLaterException(ErrorCode.ERR_VERIFY_IN_PROGRESS,
					"verification " + ((other != null) ? other.id() : "") + " is running on this server; "
							+ "poll it or try again later",
					wait);
		}
		synchronized (this.runs) {
			this.runs.put(run.id(), run);
		}
		try {
			this.records.started(run, startedBy);
		}
		catch (RuntimeException ex) {
			// the verification matters more than its record
			log.warn("could not record the start of ledger verification {}: {}", run.id(), ex.getMessage());
		}
		try {
			this.executor.execute(() -> run(run));
		}
		catch (RuntimeException ex) {
			finish(run,
					new VerificationRun.Outcome(Optional.empty(), Optional.of("could not start: " + ex.getMessage())));
			throw ex;
		}
		return run;
	}

	Optional<VerificationRun> find(UUID id) {
		synchronized (this.runs) {
			return Optional.ofNullable(this.runs.get(id));
		}
	}

	private void run(VerificationRun run) {
		VerificationRun.Outcome outcome;
		try {
			outcome = new VerificationRun.Outcome(Optional.of(verify(run)), Optional.empty());
		}
		catch (RuntimeException ex) {
			log.warn("ledger verification {} could not finish", run.id(), ex);
			outcome = new VerificationRun.Outcome(Optional.empty(), Optional.of(ex.getMessage()));
		}
		finish(run, outcome);
	}

	private VerifyResult verify(VerificationRun run) {
		// what this server committed up to now is part of what it saw
		this.seen.observe(this.auditLog.treeHead());
		Optional<TreeHead> seenHead = this.seen.largest();
		run.began(seenHead, this.entries.size());
		VerifyResult result = this.verification.verify(Optional.empty(), run::checked);
		if (!(result instanceof Intact intact)) {
			return result;
		}
		List<HeldHead> held = new ArrayList<>();
		seenHead.ifPresent((head) -> held.add(new HeldHead("the tree head this server saw", head.size(), head.root())));
		run.supplied()
			.ifPresent((checkpoint) -> held
				.add(new HeldHead("the checkpoint you supplied", checkpoint.size(), checkpoint.root())));
		Optional<Tampered> contradicted = held.stream()
			.map((head) -> compare(head, intact.entries()))
			.flatMap(Optional::stream)
			.min(Comparator.comparingLong((tampered) -> tampered.index().orElse(-1)));
		return contradicted.<VerifyResult>map((tampered) -> tampered).orElse(intact);
	}

	/**
	 * Consistency of the stored tree with a head held outside it: the stored tree must
	 * reach its size and have its root there. The stored nodes were just verified against
	 * the leaves, so the root computed from them is the root of the stored entries.
	 */
	private Optional<Tampered> compare(HeldHead head, long stored) {
		if (head.size() > stored) {
			return Optional.of(Tampered.at(stored, Failure.TRUNCATED,
					"the ledger is shorter than " + head.name() + ": size " + head.size() + ", stored " + stored));
		}
		Hash root = this.storedRoots.at(head.size());
		if (root.equals(head.root())) {
			return Optional.empty();
		}
		String detail = "the ledger differs from " + head.name() + ": at size " + head.size() + " its root is "
				+ head.root() + ", the stored entries give " + root;
		return Optional.of((head.size() > 0) ? Tampered.at(head.size() - 1, Failure.CHECKPOINT_ROOT_MISMATCH, detail)
				: Tampered.nowhere(Failure.CHECKPOINT_ROOT_MISMATCH, detail));
	}

	private void finish(VerificationRun run, VerificationRun.Outcome outcome) {
		// free the slot first: whoever waits for this run may start the next one at once
		this.running.compareAndSet(run, null);
		run.end(this.clock.instant(), outcome);
		try {
			this.records.finished(run);
		}
		catch (RuntimeException ex) {
			log.warn("could not record the end of ledger verification {}: {}", run.id(), ex.getMessage());
		}
		VerificationRun.State state = run.state();
		if (state == VerificationRun.State.TAMPERED || state == VerificationRun.State.FAILED) {
			recordFailure(run, state, outcome);
		}
		this.registry.counter("countersign.ledger.verifications", "result", state.name().toLowerCase()).increment();
		switch (state) {
			case INTACT ->
				log.info("ledger verification {}: intact, {} entries checked", run.id(), run.entriesChecked());
			case TAMPERED -> log.error("ledger verification {}: TAMPERED, {}", run.id(),
					((Tampered) outcome.result().orElseThrow()).summary());
			default -> log.warn("ledger verification {} failed: {}", run.id(), outcome.error().orElse(""));
		}
	}

	/**
	 * A failed verification on the ledger itself
	 * ({@code countersign_ledger_verification_failed}, what alert rule D10 reads): the
	 * run's table row is not part of the ledger, and a verification that failed is the
	 * ledger's own news. Best effort: a ledger too broken to append still has the row,
	 * the log and the metric.
	 */
	private void recordFailure(VerificationRun run, VerificationRun.State state, VerificationRun.Outcome outcome) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("run", run.id().toString());
		details.put("state", state.name().toLowerCase());
		details.put("entriesChecked", run.entriesChecked());
		VerificationRecords.summary(run).ifPresent((summary) -> details.put("summary", summary));
		outcome.result()
			.filter(Tampered.class::isInstance)
			.map((result) -> ((Tampered) result).index())
			.filter(OptionalLong::isPresent)
			.ifPresent((index) -> details.put("index", index.getAsLong()));
		try {
			this.trail.record(EventDraft.of("countersign_ledger_verification_failed", SYSTEM)
				.withAction("verify")
				.withResource(new Resource("ledger_verification", run.id().toString()))
				.withOutcome(io.countersign.ledger.event.Outcome.FAILURE, Optional.of(state.name().toLowerCase()))
				.withDetails(details));
		}
		catch (RuntimeException ex) {
			log.error("could not record on the ledger that verification {} failed", run.id(), ex);
		}
	}

	@Override
	public void destroy() {
		this.executor.close();
	}

	/** A tree head held outside the stored ledger, and what to call it in a report. */
	private record HeldHead(String name, long size, Hash root) {

	}

}
