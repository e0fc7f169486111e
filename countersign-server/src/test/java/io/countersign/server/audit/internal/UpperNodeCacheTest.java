package io.countersign.server.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import org.junit.jupiter.api.Test;

import static io.countersign.server.audit.internal.UpperNodeCache.LOWEST_CACHED_LEVEL;
import static org.assertj.core.api.Assertions.assertThat;

class UpperNodeCacheTest {

	private static final int LOW = LOWEST_CACHED_LEVEL;

	private final List<NodeId> reads = new CopyOnWriteArrayList<>();

	private volatile boolean storeDown;

	// Each node's hash is derived from its id, so a node served from the wrong slot
	// shows.
	private final HashReader store = (ids) -> {
		if (this.storeDown) {
			throw new IllegalStateException("database unavailable");
		}
		this.reads.addAll(ids);
		return ids.stream().map(UpperNodeCacheTest::hashOf).toList();
	};

	private final UpperNodeCache cache = new UpperNodeCache();

	@Test
	void answersInRequestOrderFromTheStoreWhileCold() {
		List<NodeId> ids = List.of(new NodeId(LOW, 1), new NodeId(0, 5), new NodeId(LOW + 3, 0), new NodeId(2, 9));

		assertThat(this.cache.read(ids, this.store)).containsExactlyElementsOf(hashesOf(ids));
	}

	@Test
	void aWarmedTreeAnswersItsUpperLevelsFromMemory() throws InterruptedException {
		long size = 5L << (LOW + 6); // 320 nodes of the lowest cached level
		this.cache.warm(size, this.store);
		eventually(() -> this.cache.bytes() == nodesFrom(LOW, size) * Hash.SIZE);
		this.reads.clear();

		List<NodeId> upper = List.of(new NodeId(LOW, 0), new NodeId(LOW, 319), new NodeId(LOW + 1, 159),
				new NodeId(LOW + 4, 4), new NodeId(LOW + 6, 0), new NodeId(LOW + 2, 77));
		List<NodeId> lower = List.of(new NodeId(0, 12345), new NodeId(LOW - 1, 600));
		List<NodeId> ids = List.of(upper.get(0), lower.get(0), upper.get(1), upper.get(2), upper.get(3), lower.get(1),
				upper.get(4), upper.get(5));

		assertThat(this.cache.read(ids, this.store)).containsExactlyElementsOf(hashesOf(ids));
		assertThat(this.reads).containsExactlyElementsOf(lower);
	}

	@Test
	void nodesBeyondTheCachedTreeAreReadFromTheStoreThenCached() throws InterruptedException {
		this.cache.warm(1L << (LOW + 2), this.store);
		eventually(() -> this.cache.bytes() == nodesFrom(LOW, 1L << (LOW + 2)) * Hash.SIZE);
		this.reads.clear();
		NodeId newer = new NodeId(LOW + 1, 9); // the tree grew to at least 20 << LOW
												// leaves

		assertThat(this.cache.read(List.of(newer), this.store)).containsExactly(hashOf(newer));
		assertThat(this.reads).contains(newer);
		eventually(() -> this.cache.bytes() == nodesFrom(LOW, 20L << LOW) * Hash.SIZE);
		this.reads.clear();

		List<NodeId> grown = List.of(newer, new NodeId(LOW, 19), new NodeId(LOW + 2, 4));
		assertThat(this.cache.read(grown, this.store)).containsExactlyElementsOf(hashesOf(grown));
		assertThat(this.reads).isEmpty();
	}

	@Test
	void aStoreFailureWhileFillingLeavesProofsToTheStoreAndIsRetriedLater() throws InterruptedException {
		this.storeDown = true;
		this.cache.warm(1L << (LOW + 3), this.store);
		eventually(() -> !this.cache.filling());
		assertThat(this.cache.bytes()).isZero();

		this.storeDown = false;
		NodeId node = new NodeId(LOW + 3, 0);
		assertThat(this.cache.read(List.of(node), this.store)).containsExactly(hashOf(node));
		eventually(() -> this.cache.bytes() == nodesFrom(LOW, 1L << (LOW + 3)) * Hash.SIZE);
	}

	@Test
	void reportsTheNodesStillToReadUntilTheWholeTreeIsInMemory() throws InterruptedException {
		CountDownLatch storeAnswers = new CountDownLatch(1);
		HashReader slowStore = (ids) -> {
			try {
				storeAnswers.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.store.read(ids);
		};
		assertThat(this.cache.pending()).isZero();

		this.cache.warm(40L << LOW, slowStore);
		assertThat(this.cache.pending()).isEqualTo(40);

		storeAnswers.countDown();
		eventually(() -> this.cache.pending() == 0);
		assertThat(this.cache.bytes()).isEqualTo(nodesFrom(LOW, 40L << LOW) * Hash.SIZE);
	}

	// Complete nodes of the levels from `level` up in a tree of `size` leaves.
	private static long nodesFrom(int level, long size) {
		long nodes = 0;
		for (long count = size >> level; count > 0; count >>= 1) {
			nodes += count;
		}
		return nodes;
	}

	private static void eventually(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("condition still false after 10 s").isBefore(deadline);
			Thread.sleep(5);
		}
	}

	private static List<Hash> hashesOf(List<NodeId> ids) {
		return ids.stream().map(UpperNodeCacheTest::hashOf).toList();
	}

	private static Hash hashOf(NodeId id) {
		return Rfc6962.leafHash((id.level() + ":" + id.index()).getBytes());
	}

}
