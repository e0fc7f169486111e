package io.countersign.ledger.bundle;

/**
 * The file names inside an offline verification bundle (a ZIP archive).
 */
final class BundleLayout {

	static final String ENTRIES = "entries.jsonl";

	static final String CHECKPOINT = "checkpoint.txt";

	static final String VERIFIER_KEY = "verifier-key.txt";

	static final String RANGE_PROOF = "range-proof.json";

	static final String HOW_TO_VERIFY = "HOW-TO-VERIFY.txt";

	static final String INSTRUCTIONS = """
			Countersign ledger export bundle
			================================

			What this proves
			  entries.jsonl holds ledger entries [from, to) (see range-proof.json); each
			  "leaf" is the base64 of the exact canonical JSON (RFC 8785) that was logged,
			  "leafHash" the base64 of its RFC 6962 leaf hash.
			  checkpoint.txt is a signed checkpoint (C2SP tlog-checkpoint inside a C2SP
			  signed note, Ed25519) of the whole ledger at that moment. range-proof.json
			  holds the RFC 6962 subtree hashes left and right of the range, so the root of
			  the whole tree can be recomputed from these entries alone. If the recomputed
			  root equals the signed root, every entry here is exactly what the ledger held
			  at those positions, and none was added, removed, reordered or edited.

			How to verify
			  java -jar countersign-ledger.jar <this-bundle.zip> --key '<verifier key>'
			  Exit status 0 = intact, 1 = tampered (the first bad entry is named, unless
			  an entry and its leafHash were both altered: then only the root differs),
			  2 = usage or I/O error. Only a Java 17+ runtime is needed.

			Pin the key
			  verifier-key.txt travels inside the bundle, so whoever altered the bundle
			  could have replaced it. Get the ledger's verifier key from a channel you
			  trust (the operator's published key, a saved earlier bundle) and pass it
			  with --key; the verifier says whether the key was pinned or taken from the
			  bundle.

			Without this tool
			  leaf hash = SHA-256(0x00 || leaf); node hash = SHA-256(0x01 || left || right)
			  (RFC 6962 section 2.1). Fold "left", the range's leaf hashes and "right" into
			  the tree root and compare it with the base64 root on the third line of
			  checkpoint.txt; check the signature with any C2SP signed-note verifier
			  (for example Go's golang.org/x/mod/sumdb/note).
			""";

	private BundleLayout() {
	}

}
