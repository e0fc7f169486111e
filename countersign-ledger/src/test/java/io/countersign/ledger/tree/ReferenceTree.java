package io.countersign.ledger.tree;

import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;

/**
 * The RFC 6962 / RFC 9162 definitions written as literally as possible, over leaf hashes
 * held in memory: the oracle the real code is checked against.
 */
final class ReferenceTree {

	private final List<Hash> leaves;

	int reads;

	ReferenceTree(int size) {
		this.leaves = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			this.leaves.add(Rfc6962.leafHash(("leaf " + i).getBytes()));
		}
	}

	List<Hash> leaves() {
		return this.leaves;
	}

	// RFC 6962 §2.1: MTH
	Hash mth(int start, int end) {
		int n = end - start;
		if (n == 0) {
			return Rfc6962.emptyRoot();
		}
		if (n == 1) {
			return this.leaves.get(start);
		}
		int k = Integer.highestOneBit(n - 1);
		return Rfc6962.nodeHash(mth(start, start + k), mth(start + k, end));
	}

	// RFC 9162 §2.1.3.1: PATH
	List<Hash> path(int m, int start, int end) {
		int n = end - start;
		List<Hash> out = new ArrayList<>();
		if (n <= 1) {
			return out;
		}
		int k = Integer.highestOneBit(n - 1);
		if (m < k) {
			out.addAll(path(m, start, start + k));
			out.add(mth(start + k, end));
		}
		else {
			out.addAll(path(m - k, start + k, end));
			out.add(mth(start, start + k));
		}
		return out;
	}

	// RFC 9162 §2.1.4.1: SUBPROOF
	List<Hash> subproof(int m, int start, int end, boolean whole) {
		int n = end - start;
		List<Hash> out = new ArrayList<>();
		if (m == n) {
			if (!whole) {
				out.add(mth(start, end));
			}
			return out;
		}
		int k = Integer.highestOneBit(n - 1);
		if (m <= k) {
			out.addAll(subproof(m, start, start + k, whole));
			out.add(mth(start + k, end));
		}
		else {
			out.addAll(subproof(m - k, start + k, end, false));
			out.add(mth(start, start + k));
		}
		return out;
	}

	/** Which side each audit path element sits on: the proof's shape for (m, n). */
	static String pathShape(long m, long n) {
		if (n <= 1) {
			return "";
		}
		long k = Long.highestOneBit(n - 1);
		return (m < k) ? pathShape(m, k) + "r" : pathShape(m - k, n - k) + "l";
	}

	/** The consistency proof's shape for (m, n, b): where each element comes from. */
	static String subproofShape(long m, long n, boolean whole) {
		if (m == n) {
			return whole ? "w" : "s";
		}
		long k = Long.highestOneBit(n - 1);
		return (m <= k) ? subproofShape(m, k, whole) + "r" : subproofShape(m - k, n - k, false) + "l";
	}

	/** A reader that answers from the recursive definition and counts its calls. */
	HashReader reader() {
		return (ids) -> {
			this.reads++;
			return ids.stream()
				.map((id) -> mth((int) id.firstLeaf(), (int) Math.min(id.firstLeaf() + id.width(), this.leaves.size())))
				.toList();
		};
	}

}
