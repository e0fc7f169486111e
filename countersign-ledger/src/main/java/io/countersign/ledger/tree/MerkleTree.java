package io.countersign.ledger.tree;

import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 over stored hashes: roots, inclusion and
 * consistency proofs, and their verification.
 */
public final class MerkleTree {

	private MerkleTree() {
	}

	/**
	 * The nodes of level 1 and above that appending leaf {@code leafIndex} completes,
	 * lowest first: one per trailing one bit of the index.
	 */
	public static List<NodeId> completedBy(long leafIndex) {
		if (leafIndex < 0) {
			throw new IllegalArgumentException("leaf index must not be negative: " + leafIndex);
		}
		List<NodeId> ids = new ArrayList<>();
		for (int level = 1; ((leafIndex >> (level - 1)) & 1) == 1; level++) {
			ids.add(new NodeId(level, leafIndex >> level));
		}
		return ids;
	}

	// RFC 6962 §2.1: MTH(D[n]), from the perfect subtrees that cover [0, n).
	public static Hash root(long size, HashReader reader) {
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
		if (size == 0) {
			return Rfc6962.emptyRoot();
		}
		return readAndFold(List.of(new Span(0, size)), reader).get(0);
	}

	// RFC 9162 §2.1.3.1: PATH(m, D[n]).
	public static List<Hash> inclusionProof(long index, long size, HashReader reader) {
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
		}
		List<Span> spans = new ArrayList<>();
		path(index, 0, size, spans);
		return readAndFold(spans, reader);
	}

	// RFC 9162 §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true); empty when m is 0 or
	// n.
	public static List<Hash> consistencyProof(long from, long to, HashReader reader) {
		if (from < 0 || from > to) {
			throw new IllegalArgumentException("need 0 <= from <= to, got " + from + ", " + to);
		}
		if (from == 0 || from == to) {
			return List.of();
		}
		List<Span> spans = new ArrayList<>();
		subproof(from, 0, to, true, spans);
		return readAndFold(spans, reader);
	}

	// RFC 9162 §2.1.3.2: verifying an inclusion proof.
	public static boolean verifyInclusion(Hash leafHash, long index, long size, List<Hash> proof, Hash root) {
		if (index < 0 || index >= size) {
			return false;
		}
		long fn = index;
		long sn = size - 1;
		Hash r = leafHash;
		for (Hash p : proof) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = Rfc6962.nodeHash(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				r = Rfc6962.nodeHash(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && r.equals(root);
	}

	// RFC 9162 §2.1.4.2: verifying consistency between two tree heads.
	public static boolean verifyConsistency(long from, long to, Hash fromRoot, Hash toRoot, List<Hash> proof) {
		if (from < 0 || from > to) {
			return false;
		}
		if (from == to) {
			return proof.isEmpty() && fromRoot.equals(toRoot);
		}
		if (from == 0) {
			return proof.isEmpty() && fromRoot.equals(Rfc6962.emptyRoot());
		}
		if (proof.isEmpty()) {
			return false;
		}
		List<Hash> path = new ArrayList<>(proof);
		if (Long.bitCount(from) == 1) {
			path.add(0, fromRoot);
		}
		long fn = from - 1;
		long sn = to - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		Hash fr = path.get(0);
		Hash sr = path.get(0);
		for (Hash c : path.subList(1, path.size())) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = Rfc6962.nodeHash(c, fr);
				sr = Rfc6962.nodeHash(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = Rfc6962.nodeHash(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && fr.equals(fromRoot) && sr.equals(toRoot);
	}

	/**
	 * Reads the subtrees beside leaves {@code [from, to)} of the size-{@code size} tree.
	 */
	public static RangeProof rangeProof(long from, long to, long size, HashReader reader) {
		if (from < 0 || from > to || to > size) {
			throw new IllegalArgumentException("need 0 <= from <= to <= size, got " + from + ", " + to + ", " + size);
		}
		List<NodeId> left = cover(0, from);
		List<NodeId> ids = new ArrayList<>(left);
		ids.addAll(cover(to, size));
		List<Hash> hashes = read(ids, reader);
		return new RangeProof(from, to, size, hashes.subList(0, left.size()),
				hashes.subList(left.size(), hashes.size()));
	}

	/**
	 * The maximal aligned perfect subtrees covering {@code [start, end)}, left to right.
	 */
	static List<NodeId> cover(long start, long end) {
		if (start < 0 || start > end) {
			throw new IllegalArgumentException("need 0 <= start <= end, got " + start + ", " + end);
		}
		List<NodeId> ids = new ArrayList<>();
		long position = start;
		while (position < end) {
			int level = 63 - Long.numberOfLeadingZeros(end - position);
			if (position != 0) {
				level = Math.min(level, Long.numberOfTrailingZeros(position));
			}
			ids.add(new NodeId(level, position >> level));
			position += 1L << level;
		}
		return ids;
	}

	// RFC 9162 §2.1.3.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) or PATH(m - k,
	// D[k:n]) : MTH(D[0:k])
	private static void path(long m, long start, long end, List<Span> out) {
		long n = end - start;
		if (n == 1) {
			return;
		}
		long k = Long.highestOneBit(n - 1);
		if (m < k) {
			path(m, start, start + k, out);
			out.add(new Span(start + k, end));
		}
		else {
			path(m - k, start + k, end, out);
			out.add(new Span(start, start + k));
		}
	}

	// RFC 9162 §2.1.4.1: SUBPROOF(m, D[n], b)
	private static void subproof(long m, long start, long end, boolean whole, List<Span> out) {
		long n = end - start;
		if (m == n) {
			if (!whole) {
				out.add(new Span(start, end));
			}
			return;
		}
		long k = Long.highestOneBit(n - 1);
		if (m <= k) {
			subproof(m, start, start + k, whole, out);
			out.add(new Span(start + k, end));
		}
		else {
			subproof(m - k, start + k, end, false, out);
			out.add(new Span(start, start + k));
		}
	}

	/** Reads every span's covering subtrees in one batch and folds each into its MTH. */
	private static List<Hash> readAndFold(List<Span> spans, HashReader reader) {
		List<NodeId> ids = new ArrayList<>();
		spans.forEach((span) -> ids.addAll(cover(span.start(), span.end())));
		List<Hash> hashes = read(ids, reader);
		List<Hash> folded = new ArrayList<>(spans.size());
		int next = 0;
		for (Span span : spans) {
			int count = cover(span.start(), span.end()).size();
			folded.add(rootOfSubtrees(hashes.subList(next, next + count)));
			next += count;
		}
		return folded;
	}

	/**
	 * The root of the leaves that the given adjacent perfect subtrees cover, largest
	 * (leftmost) first, as {@link #cover} lists them; the empty root for none.
	 */
	// RFC 6962 §2.1: MTH(D[n]) splits at the largest power of two below n, so the
	// subtrees fold from the right.
	public static Hash rootOfSubtrees(List<Hash> subtrees) {
		if (subtrees.isEmpty()) {
			return Rfc6962.emptyRoot();
		}
		Hash root = subtrees.get(subtrees.size() - 1);
		for (int i = subtrees.size() - 2; i >= 0; i--) {
			root = Rfc6962.nodeHash(subtrees.get(i), root);
		}
		return root;
	}

	private static List<Hash> read(List<NodeId> ids, HashReader reader) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<Hash> hashes = reader.read(List.copyOf(ids));
		if (hashes.size() != ids.size()) {
			throw new IllegalStateException("asked for " + ids.size() + " hashes, read " + hashes.size());
		}
		return hashes;
	}

	/** Leaves {@code [start, end)}: a subtree in the RFC's recursive definition. */
	private record Span(long start, long end) {
	}

}
