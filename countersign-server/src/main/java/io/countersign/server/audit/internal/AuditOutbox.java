package io.countersign.server.audit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox of the audit trail (docs/decisions/011-audit-outbox.md): an
 * event is inserted into {@code audit_outbox} on the connection of the transaction that
 * makes the change, and appended to the ledger once that transaction committed, by the
 * batch that also deletes its row. What is not appended then (a crash, a ledger outage)
 * is appended by the {@link OutboxDrainer}.
 */
@Component
class AuditOutbox implements AuditTrail {

	private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);

	/**
	 * How long a committed change waits for its event to be in the ledger before its
	 * caller goes on regardless; the event is safe in the outbox either way.
	 */
	static final Duration APPEND_WAIT = Duration.ofSeconds(10);

	private final OutboxRows rows;

	private final Sequencer sequencer;

	private final TransactionTemplate transaction;

	// ids this server is appending (or about to), which its drainer must leave alone
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	// appends submitted after a commit, awaited once the transaction's connection is back
	// in the pool
	private final ThreadLocal<List<Pending>> deferred = new ThreadLocal<>();

	AuditOutbox(OutboxRows rows, Sequencer sequencer, PlatformTransactionManager transactions) {
		this.rows = rows;
		this.sequencer = sequencer;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public String record(EventDraft draft) {
		PreparedEvent prepared = PreparedEvent.prepare(draft, Sequencer.now(), "");
		String id = prepared.event().id();
		awaitingAfter(() -> this.transaction.executeWithoutResult((status) -> {
			this.rows.insert(prepared);
			// before the row can be seen committed, so the drainer never takes it
			this.inFlight.add(id);
			TransactionSynchronizationManager.registerSynchronization(new AppendAfterCommit(prepared));
		}));
		return id;
	}

	/**
	 * Runs {@code work}; appends submitted by transactions that commit within it are
	 * awaited when it returns, not while their transaction still holds its connection
	 * (waiting there could leave the ledger without a connection to write with).
	 */
	<T> T awaitingAfter(Supplier<T> work) {
		if (this.deferred.get() != null) {
			return work.get();
		}
		List<Pending> pending = new ArrayList<>();
		this.deferred.set(pending);
		try {
			return work.get();
		}
		finally {
			this.deferred.remove();
			pending.forEach(Pending::await);
		}
	}

	private void awaitingAfter(Runnable work) {
		awaitingAfter(() -> {
			work.run();
			return null;
		});
	}

	/**
	 * Submits a stored event unless this server is already appending it.
	 * @return the append, or empty if it is in flight here
	 */
	Optional<CompletableFuture<List<Appended>>> appendStored(PreparedEvent prepared) {
		String id = prepared.event().id();
		if (!this.inFlight.add(id)) {
			return Optional.empty();
		}
		return Optional.of(submit(prepared));
	}

	private CompletableFuture<List<Appended>> submit(PreparedEvent prepared) {
		String id = prepared.event().id();
		CompletableFuture<List<Appended>> appended;
		try {
			appended = this.sequencer.appendFromOutbox(prepared);
		}
		catch (CountersignException ex) {
			this.inFlight.remove(id);
			return CompletableFuture.failedFuture(ex);
		}
		appended.whenComplete((receipts, error) -> this.inFlight.remove(id));
		return appended;
	}

	/** Whether this server is appending the event now. */
	boolean inFlight(String eventId) {
		return this.inFlight.contains(eventId);
	}

	private record Pending(String id, CompletableFuture<List<Appended>> appended) {

		void await() {
			try {
				this.appended.get(APPEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				log.warn("audit event {} is not in the ledger after {} s; it stays in the outbox and is appended later",
						this.id, APPEND_WAIT.toSeconds());
			}
			catch (ExecutionException ex) {
				log.warn("audit event {} could not be appended now; it stays in the outbox and is appended later: {}",
						this.id, ex.getCause().getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Appends the event once its transaction committed; forgets it on rollback. */
	private final class AppendAfterCommit implements TransactionSynchronization {

		private final PreparedEvent prepared;

		AppendAfterCommit(PreparedEvent prepared) {
			this.prepared = prepared;
		}

		@Override
		public void afterCommit() {
			Pending pending = new Pending(this.prepared.event().id(), submit(this.prepared));
			List<Pending> later = AuditOutbox.this.deferred.get();
			if (later != null) {
				later.add(pending);
			}
			else {
				// a transaction begun elsewhere (e.g. @Transactional): wait here
				pending.await();
			}
		}

		@Override
		public void afterCompletion(int status) {
			if (status != STATUS_COMMITTED) {
				// rolled back: nothing to append. Unknown: if it did commit, the drainer
				// appends it after the grace age.
				AuditOutbox.this.inFlight.remove(this.prepared.event().id());
			}
		}

	}

}
