package io.countersign.ledger.verify;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;

/**
 * The checks of the entries of one accepted {@link EntryBatch}, in index order and, at
 * one index, in the order of the sequential verifier: leaf hash, canonical form, chain,
 * stored nodes, derived columns. Each check reads the entries before the batch only
 * through the batch's stored chain value and stored tree edge, so batches are
 * independent.
 *
 * <p>
 * One instance per thread: it keeps its digest, its HMACs and scratch buffers, and
 * allocates nothing per entry while entries pass.
 */
final class BatchChecker {

	private final MessageDigest sha256;

	/** Chain keys by version, or null when the chain is not checked. */
	private final IntFunction<Optional<byte[]>> chainKeys;

	private final Map<Integer, ChainHmac> macs = new HashMap<>();

	/**
	 * The HMAC of the last key version used: entries of one version follow each other, so
	 * most entries skip the boxed map look-up, which showed in profiles.
	 */
	private ChainHmac lastMac;

	private int lastVersion;

	private final StoredFrontier frontier = new StoredFrontier();

	private final byte[] computed = new byte[Hash.SIZE];

	private final byte[] node = new byte[Hash.SIZE];

	private final PlainCanonicalEnvelope canonical = new PlainCanonicalEnvelope();

	/**
	 * @param chainKeys the chain key of a version, or null to leave the chain unchecked;
	 * called from this checker's thread
	 */
	BatchChecker(IntFunction<Optional<byte[]>> chainKeys) {
		this.chainKeys = chainKeys;
		this.sha256 = Rfc6962.newDigest();
	}

	/** The first failure among the batch's entries, or empty. */
	Optional<Tampered> check(EntryBatch batch) {
		this.frontier.copyFrom(batch.frontier);
		for (int row = 0; row < batch.size; row++) {
			Optional<Tampered> failure = check(batch, row);
			if (failure.isPresent()) {
				return failure;
			}
		}
		return Optional.empty();
	}

	private Optional<Tampered> check(EntryBatch batch, int row) {
		long index = batch.first + row;
		byte[] data = batch.data;
		int leafAt = batch.leafAt[row];
		int leafEnd = leafAt + batch.leafLength[row];
		int leafHashAt = batch.leafHashAt[row];
		Rfc6962.leafHash(this.sha256, data, leafAt, leafEnd - leafAt, this.computed, 0);
		if (!Arrays.equals(this.computed, 0, Hash.SIZE, data, leafHashAt, leafHashAt + Hash.SIZE)) {
			return Optional.of(Tampered.at(index, Failure.LEAF_HASH_MISMATCH,
					"stored leaf hash " + batch.hash(leafHashAt) + ", leaf hashes to " + Hash.of(this.computed)));
		}
		boolean plain = this.canonical.matches(data, leafAt, leafEnd);
		if (!plain) {
			Optional<String> problem = CanonicalLeaf.problem(batch.leaf(row));
			if (problem.isPresent()) {
				return Optional.of(Tampered.at(index, Failure.LEAF_NOT_CANONICAL, problem.get()));
			}
		}
		if (this.chainKeys != null) {
			Optional<Tampered> chainFailure = checkChain(batch, row, index);
			if (chainFailure.isPresent()) {
				return chainFailure;
			}
		}
		Optional<Tampered> nodeFailure = checkNodes(batch, row, index);
		if (nodeFailure.isPresent() || batch.columnsStored[row] == 0) {
			return nodeFailure;
		}
		return checkColumns(batch, row, index, plain);
	}

	/**
	 * Each derived column against the leaf member it copies. For a plain leaf (the
	 * recogniser just matched it, and knows where its members are) the stored UTF-8 bytes
	 * are compared with the member's unescaped ASCII text in place; any other leaf is
	 * parsed.
	 */
	private Optional<Tampered> checkColumns(EntryBatch batch, int row, long index, boolean plain) {
		if (batch.columnsStored[row] != EntryBatch.ALL_COLUMNS) {
			throw new IllegalStateException("entry " + index + " was read with only some of its derived columns");
		}
		if (plain && plainColumnsMatch(batch, row)) {
			return Optional.empty();
		}
		// canonical (checked above), so it parses
		Event event = Event.fromLeaf(batch.leaf(row));
		StoredColumns stored = new StoredColumns(batch, row);
		return stored.firstDifference(event)
			.map((column) -> Tampered.at(index, Failure.COLUMN_MISMATCH, stored.describe(column, event)));
	}

	private boolean plainColumnsMatch(EntryBatch batch, int row) {
		PlainCanonicalEnvelope leaf = this.canonical;
		if (batch.tsMicros[row] != leaf.epochMillis * 1000) {
			return false;
		}
		byte[] data = batch.data;
		int slot = row * EntryBatch.COLUMNS;
		// TS (ordinal 0) is the instant above; the others are text
		for (int column = 1; column < EntryBatch.COLUMNS; column++) {
			int from = leaf.valueFrom[column];
			int length = batch.columnLength[slot + column];
			if (from < 0) {
				if (length != EntryBatch.ABSENT) {
					return false;
				}
				continue;
			}
			if (length != leaf.valueTo[column] - from
					|| !sameBytes(data, batch.columnAt[slot + column], from, length)) {
				return false;
			}
		}
		return true;
	}

	// Columns are a few bytes: a plain loop beats the set-up of the vectorised
	// Arrays.equals at this length.
	private static boolean sameBytes(byte[] data, int a, int b, int length) {
		for (int i = 0; i < length; i++) {
			if (data[a + i] != data[b + i]) {
				return false;
			}
		}
		return true;
	}

	// the chain step over the previous stored chain value and the stored leaf hash
	private Optional<Tampered> checkChain(EntryBatch batch, int row, long index) {
		ChainHmac mac = mac(batch.keyVersion[row]);
		if (mac == null) {
			return Optional.of(Tampered.at(index, Failure.UNKNOWN_KEY_VERSION,
					"no chain key of version " + batch.keyVersion[row]));
		}
		byte[] data = batch.data;
		if (row == 0) {
			mac.next(batch.previousChain, 0, batch.previousChain.length, data, batch.leafHashAt[row], this.computed, 0);
		}
		else {
			// absent only if the previous entry failed already
			mac.next(data, batch.chainAt[row - 1], Math.max(batch.chainLength[row - 1], 0), data, batch.leafHashAt[row],
					this.computed, 0);
		}
		if (batch.chainLength[row] == EntryBatch.ABSENT) {
			return Optional.of(Tampered.at(index, Failure.CHAIN_MISMATCH,
					"no chain value stored, expected " + Hash.of(this.computed)));
		}
		int chainAt = batch.chainAt[row];
		if (!Arrays.equals(this.computed, 0, Hash.SIZE, data, chainAt, chainAt + Hash.SIZE)) {
			return Optional.of(Tampered.at(index, Failure.CHAIN_MISMATCH,
					"stored chain " + batch.hash(chainAt) + ", expected " + Hash.of(this.computed)));
		}
		return Optional.empty();
	}

	// The entry completes one node per trailing one bit of its index, each from the
	// edge's hash on its left and the
	// node (or leaf) below it.
	private Optional<Tampered> checkNodes(EntryBatch batch, int row, long index) {
		int completed = Long.numberOfTrailingZeros(~index);
		int stored = batch.subtreesLength[row] / Hash.SIZE;
		if (stored != completed) {
			return Optional.of(Tampered.at(index, Failure.NODE_MISMATCH,
					"stores " + stored + " subtree hashes, expected " + completed));
		}
		byte[] data = batch.data;
		byte[] edge = this.frontier.hashes();
		byte[] right = data;
		int rightAt = batch.leafHashAt[row];
		int storedAt = batch.subtreesAt[row];
		for (int level = 1; level <= completed; level++) {
			Rfc6962.nodeHash(this.sha256, edge, this.frontier.fromRight(level), right, rightAt, this.node, 0);
			int at = storedAt + (level - 1) * Hash.SIZE;
			if (!Arrays.equals(this.node, 0, Hash.SIZE, data, at, at + Hash.SIZE)) {
				List<NodeId> ids = MerkleTree.completedBy(index);
				return Optional.of(Tampered.at(index, Failure.NODE_MISMATCH,
						ids.get(level - 1) + " stored " + batch.hash(at) + ", computed " + Hash.of(this.node)));
			}
			// equal to the computed node from here on
			right = data;
			rightAt = at;
		}
		this.frontier.append(completed, right, rightAt);
		return Optional.empty();
	}

	private ChainHmac mac(int version) {
		if (this.lastMac != null && this.lastVersion == version) {
			return this.lastMac;
		}
		ChainHmac mac = this.macs.get(version);
		if (mac == null) {
			Optional<byte[]> key = this.chainKeys.apply(version);
			if (key.isEmpty()) {
				return null;
			}
			try {
				mac = ChainHmac.withKey(key.get());
			}
			catch (IllegalArgumentException ex) {
				// an empty key: treated like a missing one
				return null;
			}
			this.macs.put(version, mac);
		}
		this.lastMac = mac;
		this.lastVersion = version;
		return mac;
	}

}
