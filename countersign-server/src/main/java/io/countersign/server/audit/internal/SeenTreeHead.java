package io.countersign.server.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.verify.OpenedCheckpoint;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.DaemonThreads;
import io.countersign.server.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The largest tree head this server has committed, synced, signed or loaded since it
 * started: what the stored ledger must still hold. Someone who can rewrite the database
 * can cut off the tail of the ledger together with its checkpoints, and the rest then
 * verifies on its own; compared with this head it does not.
 *
 * <p>
 * It only grows, and only along one history: a larger head replaces it only if the stored
 * tree still has its root at its size. A smaller head, or a different root at its size,
 * leaves it as it is and is logged: from then on every verification reports the ledger as
 * tampered with, until a restart forgets what this server saw. Each contradiction is also
 * recorded on the ledger ({@code countersign_tree_head_contradicted}, read by alert rule
 * D10), from a thread of its own: the callers hold the checkpointer's lock, and the
 * record waits for its append.
 */
@Component
class SeenTreeHead implements DisposableBean {

	private static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	private static final Logger log = LoggerFactory.getLogger(SeenTreeHead.class);

	private final StoredRoots storedRoots;

	private final Checkpoints checkpoints;

	private final LedgerKeys keys;

	private final AuditLog auditLog;

	// guarded by this
	private Optional<TreeHead> largest = Optional.empty();

	// guarded by this; the head last reported as contradicted, so each is logged once
	private Optional<TreeHead> reported = Optional.empty();

	private final ObjectProvider<AuditTrail> trail;

	private final SimpleAsyncTaskExecutor recorder = new SimpleAsyncTaskExecutor(
			DaemonThreads.named("tree-head-contradicted"));

	SeenTreeHead(StoredRoots storedRoots, Checkpoints checkpoints, LedgerKeys keys, AuditLog auditLog,
			ObjectProvider<AuditTrail> trail) {
		this.trail = trail;
		this.storedRoots = storedRoots;
		this.checkpoints = checkpoints;
		this.keys = keys;
		this.auditLog = auditLog;
	}

	/** The largest tree head seen, empty before the first non-empty one. */
	synchronized Optional<TreeHead> largest() {
		return this.largest;
	}

	/** Takes note of a tree head this server committed, synced or signed. */
	synchronized void observe(TreeHead head) {
		if (head.size() == 0) {
			return;
		}
		if (this.largest.isEmpty()) {
			this.largest = Optional.of(head);
			return;
		}
		TreeHead seen = this.largest.get();
		if (head.size() < seen.size()) {
			contradicted(seen, "the ledger now ends after " + head.size() + " entries");
		}
		else if (head.size() == seen.size()) {
			if (!head.root().equals(seen.root())) {
				contradicted(seen, "the ledger now has root " + head.root() + " at that size");
			}
		}
		else {
			Hash stored;
			try {
				stored = this.storedRoots.at(seen.size());
			}
			catch (CountersignException ex) {
				if (ex.code() == ErrorCode.ERR_LEDGER_INTEGRITY) {
					contradicted(seen, ex.getMessage());
				}
				else {
					// the database could not say; keep what was seen, and ask again next
					// time
					log.warn("could not read the stored ledger root at size {}: {}", seen.size(), ex.getMessage());
				}
				return;
			}
			if (stored.equals(seen.root())) {
				this.largest = Optional.of(head);
			}
			else {
				contradicted(seen, "the stored entries now give root " + stored + " at that size");
			}
		}
	}

	// What this server signed before it stopped is the least it must find again.
	@EventListener(ApplicationReadyEvent.class)
	void loadLatest() {
		try {
			this.checkpoints.latest()
				.map((note) -> OpenedCheckpoint.open(new SignedCheckpoint(note), this.keys.verifierKey()))
				.filter(OpenedCheckpoint.Verified.class::isInstance)
				.map((verified) -> ((OpenedCheckpoint.Verified) verified).checkpoint())
				.ifPresent((Checkpoint checkpoint) -> observe(new TreeHead(checkpoint.size(), checkpoint.root())));
			observe(this.auditLog.treeHead());
		}
		catch (RuntimeException ex) {
			log.warn("could not load the latest ledger checkpoint; verification compares with later heads only: {}",
					ex.getMessage());
		}
	}

	private void contradicted(TreeHead seen, String now) {
		if (this.reported.equals(Optional.of(seen))) {
			return;
		}
		this.reported = Optional.of(seen);
		log.error("The stored ledger contradicts the tree head this server saw (size {}, root {}): {}. Entries "
				+ "were removed or rewritten in the database; verification reports the ledger as tampered with.",
				seen.size(), seen.root(), now);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("size", seen.size());
		details.put("root", seen.root().toString());
		details.put("detail", now);
		EventDraft draft = EventDraft.of("countersign_tree_head_contradicted", SYSTEM)
			.withAction("check_tree_head")
			.withResource(new Resource("tree_head", Long.toString(seen.size())))
			.withOutcome(Outcome.FAILURE, Optional.of("the stored ledger does not extend the tree head seen"))
			.withDetails(details);
		this.recorder.execute(() -> {
			try {
				this.trail.getObject().record(draft);
			}
			catch (RuntimeException ex) {
				log.error("could not record on the ledger that it contradicts the tree head of size {}", seen.size(),
						ex);
			}
		});
	}

	@Override
	public void destroy() {
		this.recorder.close();
	}

}
