package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;

/**
 * Keeps the hashes of large perfect subtrees in memory for proofs. A proof at a random
 * tree size reads one node per level; the lower levels are spread over the whole table,
 * but the upper ones are few (n / 256 nodes from level 8 up) and never change once
 * complete, so caching them takes most of a proof's random row reads off the database.
 * Proofs stay trustworthy without re-reading: a client checks them against a signed
 * checkpoint, and {@code verify} always reads the stored rows.
 */
final class UpperNodeCache {

	static final int LOWEST_CACHED_LEVEL = 8;

	// About 130 bytes an entry: 200,000 nodes (a 50M-entry ledger) stay under 30 MB.
	static final int MAX_NODES = 200_000;

	private final Map<NodeId, Hash> nodes = new ConcurrentHashMap<>();

	List<Hash> read(List<NodeId> ids, HashReader store) {
		List<Hash> hashes = new ArrayList<>(ids.size());
		List<NodeId> missing = new ArrayList<>();
		for (NodeId id : ids) {
			Hash cached = (id.level() >= LOWEST_CACHED_LEVEL) ? this.nodes.get(id) : null;
			hashes.add(cached);
			if (cached == null) {
				missing.add(id);
			}
		}
		if (missing.isEmpty()) {
			return hashes;
		}
		List<Hash> stored = store.read(missing);
		int next = 0;
		for (int i = 0; i < hashes.size(); i++) {
			if (hashes.get(i) == null) {
				Hash hash = stored.get(next++);
				hashes.set(i, hash);
				remember(ids.get(i), hash);
			}
		}
		return hashes;
	}

	private void remember(NodeId id, Hash hash) {
		if (id.level() >= LOWEST_CACHED_LEVEL && this.nodes.size() < MAX_NODES) {
			this.nodes.put(id, hash);
		}
	}

}
