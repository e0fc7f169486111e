package io.countersign.ledger.tree;

import java.util.HexFormat;
import java.util.List;

import io.countersign.ledger.Hash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Rfc6962Test {

	@Test
	void emptyTreeRootIsTheSha256OfNothing() {
		assertThat(hex(Rfc6962.emptyRoot()))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assertThat(MerkleTree.root(0, (ids) -> List.of())).isEqualTo(Rfc6962.emptyRoot());
	}

	@Test
	void leafHashOfTheEmptyLeafIsSha256OfTheZeroPrefix() {
		assertThat(hex(Rfc6962.leafHash(new byte[0])))
			.isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	}

	@Test
	void nodeHashPrefixesOneAndConcatenates() {
		Hash left = Rfc6962.leafHash(new byte[0]);
		Hash node = Rfc6962.nodeHash(left, left);
		assertThat(node).isNotEqualTo(Rfc6962.nodeHash(left, Rfc6962.leafHash(new byte[] { 0 })));
		assertThat(node).isEqualTo(Rfc6962.nodeHash(Hash.fromBase64(left.base64()), left));
	}

	@Test
	void completedByNamesOneNodePerTrailingOneBit() {
		assertThat(MerkleTree.completedBy(0)).isEmpty();
		assertThat(MerkleTree.completedBy(1)).containsExactly(new NodeId(1, 0));
		assertThat(MerkleTree.completedBy(6)).isEmpty();
		assertThat(MerkleTree.completedBy(7)).containsExactly(new NodeId(1, 3), new NodeId(2, 1), new NodeId(3, 0));
		assertThat(new NodeId(2, 1).lastLeaf()).isEqualTo(7);
	}

	@Test
	void frontierListsTheLargestSubtreeFirst() {
		assertThat(CompactRange.frontier(11)).containsExactly(new NodeId(3, 0), new NodeId(1, 4), new NodeId(0, 10));
		assertThat(CompactRange.frontier(0)).isEmpty();
	}

	@Test
	void hashesAreComparedByContentAndMustHave32Bytes() {
		assertThat(Hash.of(new byte[32])).isEqualTo(Hash.ZERO).hasSameHashCodeAs(Hash.ZERO);
		assertThat(Hash.ZERO.toString()).isEqualTo(Hash.ZERO.base64());
		assertThatIllegalArgumentException().isThrownBy(() -> Hash.of(new byte[31]));
	}

	private static String hex(Hash hash) {
		return HexFormat.of().formatHex(hash.bytes());
	}

}
