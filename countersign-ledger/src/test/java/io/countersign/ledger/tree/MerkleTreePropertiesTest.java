package io.countersign.ledger.tree;

import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;
import io.countersign.ledger.testing.RandomCase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTreePropertiesTest {

	@Test
	void rootMatchesTheRecursiveDefinition() {
		RandomCase.check(200, (random) -> {
			int size = treeSize(random, 0, 2000);
			ReferenceTree tree = new ReferenceTree(size);
			assertThat(MerkleTree.root(size, tree.reader())).isEqualTo(tree.mth(0, size));
		});
	}

	@Test
	void inclusionProofIsTheRfcAuditPathAndVerifies() {
		RandomCase.check(300, (random) -> {
			int size = treeSize(random, 1, 2000);
			int index = random.between(0, size - 1);
			ReferenceTree tree = new ReferenceTree(size);
			List<Hash> proof = MerkleTree.inclusionProof(index, size, tree.reader());
			assertThat(tree.reads).isLessThanOrEqualTo(1);
			assertThat(proof).isEqualTo(tree.path(index, 0, size));
			Hash root = tree.mth(0, size);
			assertThat(MerkleTree.verifyInclusion(tree.leaves().get(index), index, size, proof, root)).isTrue();
		});
	}

	@Test
	void verifyInclusionRejectsAnyFlippedBitWrongIndexOrWrongSize() {
		RandomCase.check(300, (random) -> {
			int size = treeSize(random, 1, 2000);
			int index = random.between(0, size - 1);
			int bit = random.between(0, 255);
			int which = random.between(0, 40);
			ReferenceTree tree = new ReferenceTree(size);
			Hash leaf = tree.leaves().get(index);
			List<Hash> proof = MerkleTree.inclusionProof(index, size, tree.reader());
			Hash root = tree.mth(0, size);
			assertThat(MerkleTree.verifyInclusion(flip(leaf, bit), index, size, proof, root)).isFalse();
			assertThat(MerkleTree.verifyInclusion(leaf, index, size, proof, flip(root, bit))).isFalse();
			if (!proof.isEmpty()) {
				List<Hash> bad = new ArrayList<>(proof);
				int at = which % proof.size();
				bad.set(at, flip(bad.get(at), bit));
				assertThat(MerkleTree.verifyInclusion(leaf, index, size, bad, root)).isFalse();
				assertThat(MerkleTree.verifyInclusion(leaf, index, size, proof.subList(0, proof.size() - 1), root))
					.isFalse();
			}
			assertThat(MerkleTree.verifyInclusion(leaf, index ^ 1, size, proof, root)).isFalse();
			// A wrong size verifies only if it gives the leaf the same audit path shape.
			for (int wrong : List.of(size + 1 + which, size - 1, index + 1 + which)) {
				if (wrong != size && wrong > index) {
					boolean sameShape = ReferenceTree.pathShape(index, wrong)
						.equals(ReferenceTree.pathShape(index, size));
					assertThat(MerkleTree.verifyInclusion(leaf, index, wrong, proof, root)).isEqualTo(sameShape);
				}
			}
		});
	}

	@Test
	void consistencyProofIsTheRfcProofAndVerifies() {
		RandomCase.check(300, (random) -> {
			int to = treeSize(random, 0, 2000);
			int from = treeSize(random, 0, to);
			ReferenceTree tree = new ReferenceTree(to);
			List<Hash> proof = MerkleTree.consistencyProof(from, to, tree.reader());
			assertThat(tree.reads).isLessThanOrEqualTo(1);
			List<Hash> expected = (from == 0 || from == to) ? List.of() : tree.subproof(from, 0, to, true);
			assertThat(proof).isEqualTo(expected);
			assertThat(MerkleTree.verifyConsistency(from, to, tree.mth(0, from), tree.mth(0, to), proof)).isTrue();
		});
	}

	@Test
	void verifyConsistencyRejectsAnyFlippedBitOrWrongSizes() {
		RandomCase.check(300, (random) -> {
			int to = treeSize(random, 2, 2000);
			int from = treeSize(random, 1, to - 1);
			int bit = random.between(0, 255);
			int which = random.between(0, 40);
			ReferenceTree tree = new ReferenceTree(to);
			List<Hash> proof = MerkleTree.consistencyProof(from, to, tree.reader());
			Hash fromRoot = tree.mth(0, from);
			Hash toRoot = tree.mth(0, to);
			assertThat(MerkleTree.verifyConsistency(from, to, flip(fromRoot, bit), toRoot, proof)).isFalse();
			assertThat(MerkleTree.verifyConsistency(from, to, fromRoot, flip(toRoot, bit), proof)).isFalse();
			List<Hash> bad = new ArrayList<>(proof);
			int at = which % proof.size();
			bad.set(at, flip(bad.get(at), bit));
			assertThat(MerkleTree.verifyConsistency(from, to, fromRoot, toRoot, bad)).isFalse();
			assertThat(MerkleTree.verifyConsistency(from, to, fromRoot, toRoot, List.of())).isFalse();
			// Wrong sizes verify only if they give the proof the very same shape.
			String shape = ReferenceTree.subproofShape(from, to, true);
			for (int[] wrong : List.of(new int[] { from, to + 1 + which }, new int[] { from - 1, to },
					new int[] { from + 1, to }, new int[] { from, to - 1 })) {
				if (wrong[0] > 0 && wrong[0] < wrong[1] && (wrong[0] != from || wrong[1] != to)) {
					boolean sameShape = ReferenceTree.subproofShape(wrong[0], wrong[1], true).equals(shape);
					assertThat(MerkleTree.verifyConsistency(wrong[0], wrong[1], fromRoot, toRoot, proof))
						.isEqualTo(sameShape);
				}
			}
		});
	}

	@Test
	void rangeProofRecomputesTheRootFromTheRangeAlone() {
		RandomCase.check(300, (random) -> {
			int size = treeSize(random, 0, 2000);
			int from = random.between(0, size);
			int to = random.between(from, size);
			int bit = random.between(0, 255);
			ReferenceTree tree = new ReferenceTree(size);
			RangeProof proof = MerkleTree.rangeProof(from, to, size, tree.reader());
			assertThat(tree.reads).isLessThanOrEqualTo(1);
			List<Hash> range = tree.leaves().subList(from, to);
			assertThat(proof.rootWith(range)).isEqualTo(tree.mth(0, size));
			if (from < to) {
				List<Hash> edited = new ArrayList<>(range);
				edited.set(bit % edited.size(), flip(edited.get(bit % edited.size()), bit));
				assertThat(proof.rootWith(edited)).isNotEqualTo(tree.mth(0, size));
			}
		});
	}

	@Test
	void compactRangeAppendsCompleteTheNodesCompletedByNamesAndTrackTheRoot() {
		RandomCase.check(100, (random) -> {
			int size = treeSize(random, 1, 600);
			ReferenceTree tree = new ReferenceTree(size);
			CompactRange range = CompactRange.empty();
			assertThat(range.root()).isEqualTo(Rfc6962.emptyRoot());
			for (int i = 0; i < size; i++) {
				List<Hash> completed = range.append(tree.leaves().get(i));
				List<NodeId> ids = MerkleTree.completedBy(i);
				assertThat(completed).hasSameSizeAs(ids);
				for (int j = 0; j < ids.size(); j++) {
					NodeId id = ids.get(j);
					assertThat(id.lastLeaf()).isEqualTo(i);
					assertThat(id.level()).isEqualTo(j + 1);
					assertThat(completed.get(j)).isEqualTo(tree.mth((int) id.firstLeaf(), (int) id.lastLeaf() + 1));
				}
				assertThat(range.size()).isEqualTo(i + 1);
			}
			assertThat(range.root()).isEqualTo(tree.mth(0, size));
		});
	}

	@Test
	void compactRangeRestoresFromItsFrontier() {
		RandomCase.check(200, (random) -> {
			int size = treeSize(random, 0, 2000);
			int more = random.between(0, 50);
			ReferenceTree tree = new ReferenceTree(size + more);
			List<Hash> frontier = tree.reader().read(CompactRange.frontier(size));
			CompactRange range = CompactRange.of(size, frontier);
			assertThat(range.root()).isEqualTo(tree.mth(0, size));
			CompactRange copy = range.copy();
			tree.leaves().subList(size, size + more).forEach(copy::append);
			assertThat(copy.root()).isEqualTo(tree.mth(0, size + more));
			assertThat(range.size()).isEqualTo(size);
		});
	}

	// sizes next to a power of two one time in four: where the tree's shape changes
	private static int treeSize(RandomCase random, int min, int max) {
		if (random.oneIn(4)) {
			int near = (1 << random.between(0, 31 - Integer.numberOfLeadingZeros(Math.max(1, max))))
					+ random.between(-1, 1);
			return Math.max(min, Math.min(max, near));
		}
		return random.between(min, max);
	}

	static Hash flip(Hash hash, int bit) {
		byte[] bytes = hash.bytes();
		bytes[bit / 8] ^= (byte) (1 << (bit % 8));
		return Hash.of(bytes);
	}

}
