package io.countersign.ledger.evidence;

import java.util.List;

/**
 * The file names inside an evidence package (a ZIP archive) and its instructions; the
 * format is in docs/approvals.md, "Evidence package".
 */
final class EvidenceLayout {

	/** One line per proven event: index, leaf and audit path. */
	static final String EVENTS = "events.jsonl";

	static final String CHECKPOINT = "checkpoint.txt";

	static final String VERIFIER_KEY = "verifier-key.txt";

	static final String REQUEST = "request.json";

	static final String POLICY = "policy.json";

	static final String DECISIONS = "decisions.json";

	static final String EXECUTION = "execution.json";

	static final String HOW_TO_VERIFY = "HOW-TO-VERIFY.txt";

	/** Every file a package holds, in the order written. */
	static final List<String> FILES = List.of(EVENTS, CHECKPOINT, VERIFIER_KEY, REQUEST, POLICY, DECISIONS, EXECUTION,
			HOW_TO_VERIFY);

	static final String INSTRUCTIONS = """
			Countersign approval evidence package
			=====================================

			What this proves
			  events.jsonl holds every ledger event of one approval request (ACTION_* and,
			  for a policy change, POLICY_CHANGE_*), one per line, in ledger order:
			  {"index": N, "leaf": "<base64 of the exact canonical JSON logged>",
			   "auditPath": ["<base64 hash>", ...]}. Each audit path is the RFC 9162
			  inclusion proof of that leaf in the tree of checkpoint.txt, a signed
			  checkpoint (C2SP tlog-checkpoint in a C2SP signed note, Ed25519) of the
			  whole ledger. Only what these proven events say is evidence.

			  The events carry each revision's content and digest, the policy version it
			  was decided under, and every decision with the approver's public key and
			  Ed25519 signature over the signing message of docs/approvals.md.
			  request.json, policy.json, decisions.json and execution.json say the same
			  for people to read; the verifier derives them again from the proven events
			  and reports any difference as tampering.

			How to verify
			  java -jar countersign-ledger.jar <this-package.zip> --key '<verifier key>'
			  It checks the checkpoint signature, every inclusion proof, that every event
			  is about this request, each revision's digest, each decision's key and
			  signature, four eyes (never the initiator, one decision per person and
			  revision), the quorum of the bound policy (with veto and elevation), the
			  state transitions, and the convenience files.
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
			  decisions.json shows each decision's signing message and public key PEM:
			  openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in message.txt
			  -sigfile signature.bin checks a signature.
			""";

	private EvidenceLayout() {
	}

}
