package io.countersign.server.audit.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.StoredNodes;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The stored Merkle nodes as proofs read them: through the pool, the upper levels from an
 * in-memory cache, so an inclusion or consistency proof costs O(log n) reads.
 */
@Repository
class ProofNodes {

	private final JdbcTemplate jdbcTemplate;

	private final LedgerEntries entries;

	private final UpperNodeCache upperNodes = new UpperNodeCache();

	ProofNodes(DataSource dataSource, LedgerEntries entries) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.entries = entries;
	}

	/**
	 * Reads stored node hashes through the pool, upper levels from memory; {@code reads}
	 * times the database queries.
	 */
	HashReader hashReader(Timer reads) {
		HashReader timed = (ids) -> {
			long start = System.nanoTime();
			try {
				return readStoredNodes(ids);
			}
			finally {
				reads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
		};
		return (ids) -> this.upperNodes.read(ids, timed);
	}

	/**
	 * The root of the stored tree's first {@code size} entries (which must be stored).
	 */
	Hash storedRoot(long size) {
		if (size == 0) {
			return Rfc6962.emptyRoot();
		}
		return CompactRange.of(size, readStoredNodes(CompactRange.frontier(size))).root();
	}

	/** Level-6 nodes the proof cache has yet to read (0 when it holds the whole tree). */
	long proofCachePending() {
		return this.upperNodes.pending();
	}

	long proofCacheBytes() {
		return this.upperNodes.bytes();
	}

	/** Starts filling the in-memory upper levels with the tree as stored now. */
	void warmProofCache() {
		this.upperNodes.warm(this.entries.size(), this::readStoredNodes);
	}

	private List<Hash> readStoredNodes(List<NodeId> ids) {
		return this.jdbcTemplate.execute((ConnectionCallback<List<Hash>>) (c) -> new StoredNodes(c).read(ids));
	}

}
