package io.countersign.ledger.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.countersign.ledger.bundle.BundleVerifier;
import io.countersign.ledger.evidence.AlertEvidenceIntact;
import io.countersign.ledger.evidence.AlertEvidenceVerifier;
import io.countersign.ledger.evidence.EvidenceIntact;
import io.countersign.ledger.evidence.EvidencePackageVerifier;
import io.countersign.ledger.evidence.EvidenceResult;
import io.countersign.ledger.evidence.EvidenceTampered;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.report.ReportResult;
import io.countersign.ledger.report.ReportVerifier;

/**
 * The command-line verifier for export bundles, approval evidence packages, alert
 * evidence packages and signed compliance reports (JSON, PDF or OSCAL):
 * {@code java -jar countersign-ledger.jar <bundle.zip | evidence.zip | alert-evidence.zip | report> [--key <verifier-key>]};
 * exits 0 when intact, 1 when tampered, 2 on a usage or I/O error.
 */
public final class OfflineVerifier {

	static final int INTACT = 0;

	static final int TAMPERED = 1;

	static final int ERROR = 2;

	private static final long MAX_REPORT = 256L << 20;

	private static final String USAGE = "usage: java -jar countersign-ledger.jar <bundle.zip | evidence.zip | alert-evidence.zip | report.pdf | report.json> [--key <verifier-key>]";

	private OfflineVerifier() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs the verifier and returns the exit status. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Optional<String> bundle = Optional.empty();
		Optional<String> key = Optional.empty();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--key") && i + 1 < args.length && key.isEmpty()) {
				key = Optional.of(args[++i]);
			}
			else if (!args[i].startsWith("--") && bundle.isEmpty()) {
				bundle = Optional.of(args[i]);
			}
			else {
				err.println(USAGE);
				return ERROR;
			}
		}
		if (bundle.isEmpty()) {
			err.println(USAGE);
			return ERROR;
		}
		Optional<VerifierKey> pinned;
		try {
			pinned = key.map(VerifierKey::parse);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: --key is not a verifier key: " + ex.getMessage());
			return ERROR;
		}
		Path path = Path.of(bundle.get());
		if (!Files.isRegularFile(path)) {
			err.println("error: no such file: " + path);
			return ERROR;
		}
		VerifyResult result;
		try {
			if (ReportVerifier.isReport(head(path))) {
				if (Files.size(path) > MAX_REPORT) {
					err.println("error: " + path + " is larger than " + MAX_REPORT + " bytes");
					return ERROR;
				}
				return report(ReportVerifier.verify(Files.readAllBytes(path), pinned), pinned.isPresent(), out);
			}
			if (AlertEvidenceVerifier.isAlertEvidence(path)) {
				return report(AlertEvidenceVerifier.verify(path, pinned), pinned.isPresent(), out);
			}
			if (EvidencePackageVerifier.isEvidencePackage(path)) {
				return report(EvidencePackageVerifier.verify(path, pinned), pinned.isPresent(), out);
			}
			result = BundleVerifier.verify(path, pinned);
		}
		catch (IOException | UncheckedIOException ex) {
			err.println("error: cannot read " + path + " as a bundle: " + ex.getMessage());
			return ERROR;
		}
		return report(result, pinned.isPresent(), out);
	}

	private static byte[] head(Path path) throws IOException {
		try (var in = Files.newInputStream(path)) {
			return in.readNBytes(64);
		}
	}

	private static int report(ReportResult result, boolean pinned, PrintStream out) {
		if (result instanceof ReportResult.Intact intact) {
			String signer = pinned ? "the pinned key" : "the key inside the report (not pinned: pass --key to pin it)";
			out.println("INTACT: compliance report " + intact.reportId() + " (" + intact.carrier() + "), framework "
					+ intact.framework() + ", period " + intact.from() + " to " + intact.to() + ": " + intact.controls()
					+ " control(s), " + intact.gaps() + " gap(s) listed; audit snapshot from " + "checkpoint size "
					+ intact.start().size() + " to size " + intact.end().size() + " (consistent); its ledger event "
					+ intact.eventIndex() + " proven under checkpoint " + intact.checkpoint().origin() + " size "
					+ intact.checkpoint().size() + " root " + intact.checkpoint().root() + ", signed by " + signer);
			return INTACT;
		}
		out.println("TAMPERED: " + ((ReportResult.Tampered) result).summary());
		return TAMPERED;
	}

	private static int report(EvidenceResult result, boolean pinned, PrintStream out) {
		if (result instanceof AlertEvidenceIntact intact) {
			String signer = pinned ? "the pinned key" : "the key inside the package (not pinned: pass --key to pin it)";
			out.println("INTACT: alert " + intact.alertId() + " (" + intact.rule() + ", " + intact.subject() + "): "
					+ intact.entries() + " cited entries proven under checkpoint " + intact.checkpoint().origin()
					+ " size " + intact.checkpoint().size() + " root " + intact.checkpoint().root() + ", signed by "
					+ signer);
			return INTACT;
		}
		if (result instanceof EvidenceIntact intact) {
			String signer = pinned ? "the pinned key" : "the key inside the package (not pinned: pass --key to pin it)";
			out.println("INTACT: approval request " + intact.requestId() + " (" + intact.actionType() + "), state "
					+ intact.state() + ": " + intact.revisions() + " revision(s), " + intact.decisions()
					+ " signed decision(s), "
					+ (intact.autoApprovals().isEmpty() ? ""
							: intact.autoApprovals().size() + " approval(s) by a standing rule, signed by no one: "
									+ String.join(", ", intact.autoApprovals())
									+ " is the evidence, look it up in the ledger, ")
					+ intact.events() + " events proven under checkpoint " + intact.checkpoint().origin() + " size "
					+ intact.checkpoint().size() + " root " + intact.checkpoint().root() + ", signed by " + signer);
			return INTACT;
		}
		out.println("TAMPERED: " + ((EvidenceTampered) result).summary());
		return TAMPERED;
	}

	private static int report(VerifyResult result, boolean pinned, PrintStream out) {
		if (result instanceof Intact intact) {
			String signer = pinned ? "the pinned key" : "the key inside the bundle (not pinned: pass --key to pin it)";
			out.println("INTACT: " + intact.entries() + " entries match checkpoint " + intact.latest().origin()
					+ " size " + intact.latest().size() + " root " + intact.latest().root() + ", signed by " + signer);
			return INTACT;
		}
		Tampered tampered = (Tampered) result;
		out.println("TAMPERED: " + tampered.summary());
		return TAMPERED;
	}

}
