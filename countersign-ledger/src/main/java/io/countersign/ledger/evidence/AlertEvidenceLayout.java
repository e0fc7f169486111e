package io.countersign.ledger.evidence;

import java.util.List;

/**
 * The file names inside an alert's evidence package (a ZIP archive) and its instructions;
 * the format is in docs/alerts.md, "Evidence package".
 */
final class AlertEvidenceLayout {

	/** One line per cited entry: index, leaf and audit path. */
	static final String ENTRIES = "alert-entries.jsonl";

	/** What the alert says, for people; its {@code evidence} lists the cited indexes. */
	static final String ALERT = "alert.json";

	static final String CHECKPOINT = "checkpoint.txt";

	static final String VERIFIER_KEY = "verifier-key.txt";

	static final String HOW_TO_VERIFY = "HOW-TO-VERIFY.txt";

	/** Every file a package holds, in the order written. */
	static final List<String> FILES = List.of(ENTRIES, ALERT, CHECKPOINT, VERIFIER_KEY, HOW_TO_VERIFY);

	static final String INSTRUCTIONS = """
			Countersign alert evidence package
			==================================

			What this proves
			  alert-entries.jsonl holds the ledger entries an alert cites as its evidence,
			  one per line, in ledger order: {"index": N, "leaf": "<base64 of the exact
			  canonical JSON logged>", "auditPath": ["<base64 hash>", ...]}. Each audit
			  path is the RFC 9162 inclusion proof of that leaf in the tree of
			  checkpoint.txt, a signed checkpoint (C2SP tlog-checkpoint in a C2SP signed
			  note, Ed25519) of the whole ledger. alert.json says what the alert is (rule,
			  subject, severity, state, count) for people; its "evidence" array must list
			  exactly the indexes of alert-entries.jsonl. Only the proven entries are
			  evidence: the alert is a reading of them, which anyone can repeat.

			How to verify
			  java -jar countersign-ledger.jar <this-package.zip> --key '<verifier key>'
			  It checks the checkpoint signature, every inclusion proof, that every leaf is
			  canonical, and that alert.json cites exactly the proven entries.
			  Exit status 0 = intact, 1 = not intact (one line names what fails),
			  2 = usage or I/O error. Only a Java 17+ runtime is needed.

			Pin the key
			  verifier-key.txt travels inside the package, so whoever altered the package
			  could have replaced it. Get the ledger's verifier key from a channel you
			  trust and pass it with --key.

			Without this tool
			  leaf hash = SHA-256(0x00 || leaf); node hash = SHA-256(0x01 || left || right)
			  (RFC 6962 section 2.1); fold each audit path as RFC 9162 section 2.1.3.2 says
			  and compare with the base64 root on the third line of checkpoint.txt.
			""";

	private AlertEvidenceLayout() {
	}

}
