package io.countersign.ledger.tree;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.countersign.ledger.Hash;
import io.countersign.ledger.testing.RandomCase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one definition of each RFC 6962 formula: the leaf and node hashes, their
 * allocation-free overloads and the fold of a root from subtree hashes.
 */
class SpecFormulasTest {

	// The leaves of the RFC 6962 test vectors used by certificate-transparency's own
	// Merkle tree tests, and the roots of their first 1..8 leaves.
	private static final String[] LEAVES = { "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
			"606162636465666768696a6b6c6d6e6f" };

	private static final String[] ROOTS = { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" };

	@Test
	void rootsOfTheRfc6962TestVectorsComeOutOfEveryWayToFoldThem() {
		List<Hash> leafHashes = new ArrayList<>();
		CompactRange range = CompactRange.empty();
		for (int n = 1; n <= LEAVES.length; n++) {
			Hash leafHash = Rfc6962.leafHash(HexFormat.of().parseHex(LEAVES[n - 1]));
			leafHashes.add(leafHash);
			range.append(leafHash);
			Hash expected = Hash.of(HexFormat.of().parseHex(ROOTS[n - 1]));
			assertThat(mth(leafHashes, 0, n)).as("MTH of %d leaves", n).isEqualTo(expected);
			assertThat(range.root()).as("compact range of %d leaves", n).isEqualTo(expected);
			assertThat(MerkleTree.rootOfSubtrees(range.hashes())).isEqualTo(expected);
			int size = n;
			assertThat(MerkleTree.root(n, (ids) -> ids.stream().map((id) -> subtree(leafHashes, id, size)).toList()))
				.isEqualTo(expected);
		}
	}

	@Test
	void rootOfNoSubtreesIsTheEmptyRoot() {
		assertThat(MerkleTree.rootOfSubtrees(List.of())).isEqualTo(Rfc6962.emptyRoot());
	}

	@Test
	void foldingTheCoveringSubtreesGivesTheRecursiveRoot() {
		RandomCase.check(200, (random) -> {
			int size = random.between(1, 3000);
			List<Hash> leaves = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				leaves.add(Rfc6962.leafHash(("leaf " + i).getBytes()));
			}
			List<Hash> subtrees = MerkleTree.cover(0, size).stream().map((id) -> subtree(leaves, id, size)).toList();
			assertThat(MerkleTree.rootOfSubtrees(subtrees)).isEqualTo(mth(leaves, 0, size));
		});
	}

	@Test
	void allocationFreeOverloadsWriteTheSameHashAtAnyOffset() {
		MessageDigest sha256 = Rfc6962.newDigest();
		RandomCase.check(300, (random) -> {
			byte[] buffer = new byte[random.between(64, 400)];
			for (int i = 0; i < buffer.length; i++) {
				buffer[i] = (byte) random.between(0, 255);
			}
			int from = random.between(0, buffer.length - 1);
			int length = random.between(0, buffer.length - from);
			byte[] leaf = java.util.Arrays.copyOfRange(buffer, from, from + length);
			byte[] out = new byte[100];
			int at = random.between(0, out.length - Hash.SIZE);
			Rfc6962.leafHash(sha256, buffer, from, length, out, at);
			assertThat(slice(out, at)).isEqualTo(Rfc6962.leafHash(leaf));

			int leftAt = random.between(0, buffer.length - Hash.SIZE);
			int rightAt = random.between(0, buffer.length - Hash.SIZE);
			Hash left = slice(buffer, leftAt);
			Hash right = slice(buffer, rightAt);
			Rfc6962.nodeHash(sha256, buffer, leftAt, buffer, rightAt, out, at);
			assertThat(slice(out, at)).isEqualTo(Rfc6962.nodeHash(left, right));
			// written over its own left input, as the verifier's edge is
			Rfc6962.nodeHash(sha256, buffer, leftAt, buffer, rightAt, buffer, leftAt);
			assertThat(slice(buffer, leftAt)).isEqualTo(Rfc6962.nodeHash(left, right));
		});
	}

	@Test
	void leafAndNodeHashesAreDomainSeparated() {
		// 64 bytes hashed as a leaf are not the node over their two halves (RFC 6962
		// §2.1)
		byte[] pair = new byte[2 * Hash.SIZE];
		pair[40] = 7;
		assertThat(Rfc6962.leafHash(pair)).isNotEqualTo(Rfc6962.nodeHash(slice(pair, 0), slice(pair, Hash.SIZE)));
	}

	// RFC 6962 §2.1, literally: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
	private static Hash mth(List<Hash> leaves, int start, int end) {
		int n = end - start;
		if (n == 1) {
			return leaves.get(start);
		}
		int k = Integer.highestOneBit(n - 1);
		return Rfc6962.nodeHash(mth(leaves, start, start + k), mth(leaves, start + k, end));
	}

	private static Hash subtree(List<Hash> leaves, NodeId id, int size) {
		int start = (int) (id.index() << id.level());
		return mth(leaves, start, Math.min(size, start + (1 << id.level())));
	}

	private static Hash slice(byte[] bytes, int at) {
		return Hash.of(java.util.Arrays.copyOfRange(bytes, at, at + Hash.SIZE));
	}

}
