package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.server.shared.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hashes of the tree's perfect subtrees from level
 * {@value #LOWEST_CACHED_LEVEL} up in memory, for proofs. A proof at a random tree size
 * needs one node per level; the levels below are read from the database (a few rows near
 * the proven leaf and near the tree's right edge), the rest come from here.
 *
 * <p>
 * A complete node never changes and the tree grows only to the right, so each level is
 * kept as a prefix: the hashes of its nodes {@code 0 .. count - 1} in one array. The
 * prefix is filled by {@link #extend}, in index order, from the stored rows; a node past
 * the prefix (the newest part of the tree) is read from the store until the next
 * extension reaches it. Memory: 32 bytes per {@code 2^6} leaves, twice over for the
 * levels above, i.e. about one byte per ledger entry, bounded by {@link #MAX_BYTES}.
 *
 * <p>
 * Proofs stay trustworthy without re-reading: a client checks them against a signed
 * checkpoint, and {@code verify} always reads the stored rows.
 */
final class UpperNodeCache {

	private static final Logger log = LoggerFactory.getLogger(UpperNodeCache.class);

	static final int LOWEST_CACHED_LEVEL = 6;

	// A 100M-entry ledger needs 100 MB; past this the newest nodes come from the store.
	static final long MAX_BYTES = 64L << 20;

	// Nodes of the lowest cached level filled per store read (rows read: about as many).
	static final int EXTEND_BATCH = 4096;

	private static final int LEVELS = 63;

	private final AtomicReferenceArray<Level> levels = new AtomicReferenceArray<>(LEVELS);

	private final AtomicLong requested = new AtomicLong();

	// One thread at most, gone when idle (no shutdown hook needed for a cache).
	private final ThreadPoolExecutor extender = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), DaemonThreads.named("ledger-proof-cache"));

	UpperNodeCache() {
		for (int level = 0; level < LEVELS; level++) {
			this.levels.set(level, Level.EMPTY);
		}
	}

	List<Hash> read(List<NodeId> ids, HashReader store) {
		List<Hash> hashes = new ArrayList<>(ids.size());
		List<NodeId> missing = new ArrayList<>();
		long wanted = 0;
		for (NodeId id : ids) {
			Hash cached = cached(id);
			hashes.add(cached);
			if (cached == null) {
				missing.add(id);
				if (id.level() >= LOWEST_CACHED_LEVEL) {
					wanted = Math.max(wanted, lowestLevelNodesBelow(id));
				}
			}
		}
		if (missing.isEmpty()) {
			return hashes;
		}
		List<Hash> stored = store.read(missing);
		int next = 0;
		for (int i = 0; i < hashes.size(); i++) {
			if (hashes.get(i) == null) {
				hashes.set(i, stored.get(next++));
			}
		}
		if (wanted > 0) {
			requestExtension(wanted, store);
		}
		return hashes;
	}

	/**
	 * Starts filling, in the background, every node complete in a tree of {@code size}
	 * leaves from level {@value #LOWEST_CACHED_LEVEL} up.
	 */
	void warm(long size, HashReader store) {
		requestExtension(size >> LOWEST_CACHED_LEVEL, store);
	}

	long bytes() {
		long bytes = 0;
		for (int level = LOWEST_CACHED_LEVEL; level < LEVELS; level++) {
			bytes += (long) this.levels.get(level).count * Hash.SIZE;
		}
		return bytes;
	}

	/**
	 * Nodes of level {@value #LOWEST_CACHED_LEVEL} asked for but not filled yet: 0 once
	 * every node requested so far is in memory (or the cache is full).
	 */
	long pending() {
		if (bytes() >= MAX_BYTES) {
			return 0;
		}
		return Math.max(0, this.requested.get() - this.levels.get(LOWEST_CACHED_LEVEL).count);
	}

	/** Whether an extension is queued or running. */
	boolean filling() {
		return this.extender.getActiveCount() > 0 || !this.extender.getQueue().isEmpty();
	}

	private Hash cached(NodeId id) {
		if (id.level() < LOWEST_CACHED_LEVEL) {
			return null;
		}
		Level level = this.levels.get(id.level());
		if (id.index() >= level.count) {
			return null;
		}
		int from = Math.toIntExact(id.index() * Hash.SIZE);
		return Hash.of(Arrays.copyOfRange(level.hashes, from, from + Hash.SIZE));
	}

	// The nodes of the lowest cached level that lie before the end of this node: once
	// they are filled, so are all complete nodes up to it on every higher level.
	private static long lowestLevelNodesBelow(NodeId id) {
		return (id.index() + 1) << (id.level() - LOWEST_CACHED_LEVEL);
	}

	// Requests never wait for the store reads of an extension: they run on one background
	// thread, the only writer of the levels.
	private void requestExtension(long lowestLevelNodes, HashReader store) {
		if (this.requested.getAndAccumulate(lowestLevelNodes, Math::max) < lowestLevelNodes) {
			this.extender.execute(() -> extend(store));
		}
	}

	private void extend(HashReader store) {
		try {
			while (true) {
				long done = this.levels.get(LOWEST_CACHED_LEVEL).count;
				if (done >= this.requested.get() || bytes() >= MAX_BYTES) {
					return;
				}
				extendTo(Math.min(this.requested.get(), done + EXTEND_BATCH), store);
			}
		}
		catch (RuntimeException ex) {
			// Proofs read what is missing from the store; a later miss asks again.
			this.requested.set(this.levels.get(LOWEST_CACHED_LEVEL).count);
			log.warn("could not fill the proof cache from the stored tree nodes: {}", ex.getMessage());
		}
	}

	// Reads every node that is complete once the lowest level holds `target` nodes.
	private void extendTo(long target, HashReader store) {
		List<NodeId> ids = new ArrayList<>();
		for (int level = LOWEST_CACHED_LEVEL; level < LEVELS; level++) {
			long complete = target >> (level - LOWEST_CACHED_LEVEL);
			for (long index = this.levels.get(level).count; index < complete; index++) {
				ids.add(new NodeId(level, index));
			}
		}
		append(ids, store.read(ids));
	}

	// ids are grouped by level, ascending within a level, each group starting at the
	// level's count; readers see a level's new nodes only when its new count is set. The
	// lowest level is set last: its count is what pending() and extend() read as done,
	// so "nothing pending" means every level above is in memory too.
	private void append(List<NodeId> ids, List<Hash> hashes) {
		List<int[]> groups = new ArrayList<>();
		int start = 0;
		while (start < ids.size()) {
			int end = start;
			while (end < ids.size() && ids.get(end).level() == ids.get(start).level()) {
				end++;
			}
			groups.add(new int[] { start, end });
			start = end;
		}
		for (int g = groups.size() - 1; g >= 0; g--) {
			int from = groups.get(g)[0];
			int to = groups.get(g)[1];
			int level = ids.get(from).level();
			Level current = this.levels.get(level);
			int count = current.count + (to - from);
			byte[] array = current.hashes;
			if (array.length < count * Hash.SIZE) {
				array = Arrays.copyOf(array, Math.max(count, current.count * 2) * Hash.SIZE);
			}
			for (int i = from; i < to; i++) {
				System.arraycopy(hashes.get(i).bytes(), 0, array, (current.count + i - from) * Hash.SIZE, Hash.SIZE);
			}
			this.levels.set(level, new Level(array, count));
		}
	}

	/** Nodes {@code 0 .. count - 1} of one level; the array may be longer. */
	private record Level(byte[] hashes, int count) {

		static final Level EMPTY = new Level(new byte[0], 0);

	}

}
