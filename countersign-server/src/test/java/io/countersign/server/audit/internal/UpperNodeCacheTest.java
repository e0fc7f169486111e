package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpperNodeCacheTest {

	private final List<List<NodeId>> reads = new ArrayList<>();

	// Each node's hash is derived from its id, so a mixed-up order shows.
	private final HashReader store = (ids) -> {
		this.reads.add(List.copyOf(ids));
		return ids.stream().map(UpperNodeCacheTest::hashOf).toList();
	};

	private final UpperNodeCache cache = new UpperNodeCache();

	@Test
	void answersInRequestOrderAndReadsUpperNodesFromTheStoreOnlyOnce() {
		NodeId low = new NodeId(0, 5);
		NodeId high = new NodeId(UpperNodeCache.LOWEST_CACHED_LEVEL, 1);
		NodeId higher = new NodeId(UpperNodeCache.LOWEST_CACHED_LEVEL + 3, 0);

		assertThat(this.cache.read(List.of(high, low, higher), this.store)).containsExactly(hashOf(high), hashOf(low),
				hashOf(higher));
		assertThat(this.cache.read(List.of(low, higher, high), this.store)).containsExactly(hashOf(low), hashOf(higher),
				hashOf(high));

		assertThat(this.reads).containsExactly(List.of(high, low, higher), List.of(low));
	}

	@Test
	void readsNothingWhenEveryNodeIsCached() {
		NodeId high = new NodeId(UpperNodeCache.LOWEST_CACHED_LEVEL, 7);
		this.cache.read(List.of(high), this.store);

		assertThat(this.cache.read(List.of(high), this.store)).containsExactly(hashOf(high));
		assertThat(this.reads).hasSize(1);
	}

	private static Hash hashOf(NodeId id) {
		return Rfc6962.leafHash((id.level() + ":" + id.index()).getBytes());
	}

}
