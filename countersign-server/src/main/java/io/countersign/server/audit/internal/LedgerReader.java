package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.DerivedColumn;
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
 * re-hashed and compared with its stored hash, and every derived column of a row a query
 * returns is re-checked against the parsed leaf. Proofs come from stored node hashes,
 * O(log n) rows in one query.
 *
 * <p>
 * A query leaves out a row whose columns disagree with its leaf (the columns chose it,
 * and they are forged or damaged): it would otherwise answer a search with an event that
 * does not match it, for instance one of another actor to a caller limited to its own.
 * Such a row is counted ({@code countersign_ledger_rows_withheld_total}) and logged with
 * its index; naming it as tampering is verification's job. A page may therefore hold
 * fewer events than its limit and still have a next page.
 */
@Service
class LedgerReader {

	private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

	private final LedgerEntries entries;

	private final ProofNodes nodes;

	private final EventCursor cursors;

	private final AuditLog auditLog;

	private final ProofMetrics metrics;

	private final MeterRegistry registry;

	LedgerReader(LedgerEntries entries, ProofNodes nodes, EventCursor cursors, AuditLog auditLog,
			MeterRegistry registry) {
		this.entries = entries;
		this.nodes = nodes;
		this.cursors = cursors;
		this.auditLog = auditLog;
		this.metrics = new ProofMetrics(registry, nodes::proofCachePending, nodes::proofCacheBytes);
		this.registry = registry;
	}

	long size() {
		return this.entries.size();
	}

	// Proofs at any size want the upper tree levels; read them once, not on first use.
	@EventListener(ApplicationReadyEvent.class)
	void warmProofCache() {
		try {
			this.nodes.warmProofCache();
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
		CheckedEvent checked = check(row.get());
		if (!checked.event().ts().equals(row.get().ts())) {
			throw integrity(index, "column ts does not match the leaf");
		}
		return checked;
	}

	/** One page of events; see {@link EventQuery}. */
	EventPage events(EventQuery query, Optional<String> cursor) {
		EventQuery page = cursor.map((text) -> query.after(this.cursors.decode(query, text))).orElse(query);
		// One row more than asked tells whether there is a next page.
		EventQuery probe = new EventQuery(page.actor(), page.type(), page.action(), page.resourceType(),
				page.resourceId(), page.outcome(), page.from(), page.to(), page.newestFirst(), page.limit() + 1,
				page.after());
		List<StoredRow> rows = this.entries.find(probe);
		List<StoredRow> read = rows.subList(0, Math.min(rows.size(), query.limit()));
		List<CheckedEvent> events = new ArrayList<>(read.size());
		for (StoredRow row : read) {
			CheckedEvent checked = check(row);
			Optional<String> disagreeing = disagreement(query, row, checked.event());
			if (disagreeing.isPresent()) {
				withhold(row.index(), disagreeing.get());
			}
			else {
				events.add(checked);
			}
		}
		Optional<String> next = Optional.empty();
		if (rows.size() > query.limit()) {
			// the keyset continues after the last row read, by the columns it was
			// ordered by, whether or not that row was shown
			StoredRow last = read.get(read.size() - 1);
			next = Optional.of(this.cursors.encode(query, new Position(last.ts(), last.index())));
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
				() -> MerkleTree.inclusionProof(index, size, this.nodes.hashReader(this.metrics.reads())));
	}

	List<Hash> consistencyProof(long from, long to) {
		long current = sizeReaching(to);
		if (from < 1 || from > to || to > current) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE,
					"need 0 < from <= to <= " + current + " (the ledger size), not from=" + from + " to=" + to);
		}
		return fromStoredNodes(this.metrics.consistency(),
				() -> MerkleTree.consistencyProof(from, to, this.nodes.hashReader(this.metrics.reads())));
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
		return new CheckedEvent(row.index(), row.leaf(), leafHash, event);
	}

	/**
	 * Why a row the columns chose must not be shown: a derived column that differs from
	 * its leaf, or (were the database to compare unlike Java, say ignoring case) a filter
	 * the leaf does not satisfy.
	 */
	private static Optional<String> disagreement(EventQuery query, StoredRow row, Event leaf) {
		Optional<DerivedColumn> column = row.firstDifference(leaf);
		if (column.isPresent()) {
			return Optional.of(column.get().column());
		}
		boolean matches = agrees(query.actor(), Optional.of(leaf.actor().id()))
				&& agrees(query.type(), Optional.of(leaf.type())) && agrees(query.action(), leaf.action())
				&& agrees(query.resourceType(), leaf.resource().map((resource) -> resource.type()))
				&& agrees(query.resourceId(), leaf.resource().map((resource) -> resource.id()))
				&& agrees(query.outcome(), Optional.of(leaf.outcome().wire()))
				&& query.from().map((from) -> !leaf.ts().isBefore(from)).orElse(true)
				&& query.to().map((to) -> leaf.ts().isBefore(to)).orElse(true);
		return matches ? Optional.empty() : Optional.of("filter");
	}

	private static boolean agrees(Optional<String> filter, Optional<String> inLeaf) {
		return filter.isEmpty() || filter.equals(inLeaf);
	}

	private void withhold(long index, String column) {
		this.registry.counter("countersign.ledger.rows.withheld", "column", column).increment();
		log.warn(
				"ledger entry {}: a query left it out because its leaf does not match the {} that selected it; "
						+ "run verify to see what was changed",
				index, column.equals("filter") ? "filter" : column + " column");
	}

	private static CountersignException integrity(long index, String problem) {
		return new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "ledger entry " + index + ": " + problem);
	}

}
