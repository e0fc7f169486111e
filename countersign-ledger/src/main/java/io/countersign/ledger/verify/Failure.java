package io.countersign.ledger.verify;

/**
 * The kinds of tampering (or damage) a verifier can detect.
 */
public enum Failure {

	/** An entry is missing or out of order: the index names the expected entry. */
	INDEX_GAP,
	/** A leaf is not a valid envelope in RFC 8785 canonical form. */
	LEAF_NOT_CANONICAL,
	/** The stored leaf hash is not RFC 6962 leafHash(leaf). */
	LEAF_HASH_MISMATCH,
	/** The stored chain value is not HMAC(key, previous chain || leaf hash). */
	CHAIN_MISMATCH,
	/** An entry names a chain key version the verifier does not have. */
	UNKNOWN_KEY_VERSION,
	/** A stored subtree hash differs from the one recomputed from the leaves. */
	NODE_MISMATCH,
	/**
	 * A value stored beside the leaf for queries ({@link DerivedColumn}) differs from the
	 * leaf member it copies.
	 */
	COLUMN_MISMATCH,
	/** A checkpoint is not signed by the expected key. */
	CHECKPOINT_SIGNATURE,
	/** A checkpoint is not a well-formed signed note or tlog-checkpoint. */
	CHECKPOINT_MALFORMED,
	/** The root computed from the entries differs from the checkpoint's root. */
	CHECKPOINT_ROOT_MISMATCH,
	/** A checkpoint covers more entries than the ledger holds. */
	TRUNCATED,
	/** An export bundle is missing a part or a part is unreadable. */
	BUNDLE_MALFORMED

}
