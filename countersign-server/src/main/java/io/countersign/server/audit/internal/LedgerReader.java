package io.countersign.server.audit.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.internal.EventQuery.Position;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Reads the ledger back without trusting anything outside the leaf: every leaf is
 * re-hashed and compared with its stored hash, and every column a query selected on is
 * re-checked against the parsed leaf. Proofs come from stored node hashes, O(log n) rows
 * in one query.
 */
@Service
class LedgerReader {

	private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

	private final LedgerEntries entries;

	private final EventCursor cursors;

	private final AuditLog auditLog;

	private final ProofMetrics metrics;

	LedgerReader(LedgerEntries entries, EventCursor cursors, AuditLog auditLog, MeterRegistry registry) {
		this.entries = entries;
		this.cursors = cursors;
		this.auditLog = auditLog;
		this.metrics = new ProofMetrics(registry, entries::proofCachePending, entries::proofCacheBytes);
	}

	long size() {
		return this.entries.size();
	}

	// Proofs at any size want the upper tree levels; read them once, not on first use.
	@EventListener(ApplicationReadyEvent.class)
	void warmProofCache() {
		try {
			this.entries.warmProofCache();
		}
		catch (RuntimeException ex) {
			log.warn("could not start filling the proof cache; proofs read the stored nodes: {}", ex.getMessage());
		}
	}

	CheckedEvent entry(long index) {
		if (index < 0) {
			throw new CountersignException(ErrorCode.ERR_INDEX_OUT_OF_RANGE, "index must not be negative: " + index);
		}
		Optional<StoredRow> row = this.entries.entry(index);
		if (row.isEmpty()) {
			long size = this.entries.size();
			if (index < size) {
				throw integrity(index, "the entry is missing although the ledger holds " + size + " entries");
			}
			throw new CountersignException(ErrorCode.ERR_ENTRY_NOT_FOUND,
					"no ledger entry " + index + "; the ledger holds " + size + " entries");
		}
		return check(row.get());
	}

	/** One page of events; see {@link EventQuery}. */
	EventPage events(EventQuery query, Optional<String> cursor) {
		EventQuery page = cursor.map((text) -> query.after(this.cursors.decode(query, text))).orElse(query);
		// One row more than asked tells whether there is a next page.
		EventQuery probe = new EventQuery(page.actor(), page.type(), page.action(), page.resourceType(),
				page.resourceId(), page.outcome(), page.from(), page.to(), page.newestFirst(), page.limit() + 1,
				page.after());
		List<StoredRow> rows = this.entries.find(probe);
		List<CheckedEvent> events = rows.stream()
			.limit(query.limit())
			.map((row) -> matching(query, row, check(row)))
			.toList();
		Optional<String> next = Optional.empty();
		if (rows.size() > query.limit()) {
			CheckedEvent last = events.get(events.size() - 1);
			next = Optional.of(this.cursors.encode(query, new Position(last.event().ts(), last.index())));
		}
		return new EventPage(events, next);
	}

	List<Hash> inclusionProof(long index, long size) {
		long current = sizeReaching(size);
		if (size < 1 || size > current) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE,
					"size must be between 1 and the ledger size " + current + ", not " + size);
		}
		if (index < 0 || index >= size) {
			throw new CountersignException(ErrorCode.ERR_INDEX_OUT_OF_RANGE,
					"index must be at least 0 and less than size " + size + ", not " + index);
		}
		return fromStoredNodes(this.metrics.inclusion(),
				() -> MerkleTree.inclusionProof(index, size, this.entries.hashReader(this.metrics.reads())));
	}

	List<Hash> consistencyProof(long from, long to) {
		long current = sizeReaching(to);
		if (from < 1 || from > to || to > current) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE,
					"need 0 < from <= to <= " + current + " (the ledger size), not from=" + from + " to=" + to);
		}
		return fromStoredNodes(this.metrics.consistency(),
				() -> MerkleTree.consistencyProof(from, to, this.entries.hashReader(this.metrics.reads())));
	}

	// This server's sequencer head is committed, so a size up to it needs no query; only
	// a
	// larger one (another server appended since, or a bad request) asks the database.
	private long sizeReaching(long wanted) {
		long known = this.auditLog.treeHead().size();
		return (wanted <= known) ? known : this.entries.size();
	}

	private static List<Hash> fromStoredNodes(Timer timer, Supplier<List<Hash>> proof) {
		long start = System.nanoTime();
		try {
			return proof.get();
		}
		catch (IllegalStateException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, ex.getMessage(), ex);
		}
		finally {
			timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private static CheckedEvent check(StoredRow row) {
		Hash leafHash = Rfc6962.leafHash(row.leaf());
		if (!leafHash.equals(row.leafHash())) {
			throw integrity(row.index(), "the stored leaf hash does not match the leaf");
		}
		Event event;
		try {
			event = Event.fromLeaf(row.leaf());
		}
		catch (JsonException | IllegalArgumentException ex) {
			throw integrity(row.index(), "the leaf is not an event envelope (" + ex.getMessage() + ")");
		}
		if (!event.ts().equals(row.ts())) {
			throw integrity(row.index(), "column ts does not match the leaf");
		}
		return new CheckedEvent(row.index(), row.leaf(), leafHash, event);
	}

	// The columns chose the row; the leaf must agree with every filter they were chosen
	// by.
	private static CheckedEvent matching(EventQuery query, StoredRow row, CheckedEvent checked) {
		Event event = checked.event();
		agrees(row, "actor_id", query.actor(), Optional.of(event.actor().id()));
		agrees(row, "type", query.type(), Optional.of(event.type()));
		agrees(row, "action", query.action(), event.action());
		agrees(row, "resource_type", query.resourceType(), event.resource().map((resource) -> resource.type()));
		agrees(row, "resource_id", query.resourceId(), event.resource().map((resource) -> resource.id()));
		agrees(row, "outcome", query.outcome(), Optional.of(event.outcome().wire()));
		if (query.from().isPresent() && event.ts().isBefore(query.from().get())
				|| query.to().isPresent() && !event.ts().isBefore(query.to().get())) {
			throw integrity(row.index(), "column ts does not match the leaf");
		}
		return checked;
	}

	private static void agrees(StoredRow row, String column, Optional<String> filter, Optional<String> inLeaf) {
		if (filter.isPresent() && !Objects.equals(filter, inLeaf)) {
			throw integrity(row.index(), "column " + column + " does not match the leaf");
		}
	}

	private static CountersignException integrity(long index, String problem) {
		return new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "ledger entry " + index + ": " + problem);
	}

}
