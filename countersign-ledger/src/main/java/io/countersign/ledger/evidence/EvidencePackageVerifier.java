package io.countersign.ledger.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;

import static io.countersign.ledger.evidence.EvidenceArchive.read;

/**
 * Checks an evidence package whole, trusting only what is proven by inclusion under the
 * signed checkpoint: the checkpoint signature, every inclusion proof, the approval rules
 * over the proven events ({@link ApprovalRules}), and that every convenience file says
 * what those events say.
 */
public final class EvidencePackageVerifier {

	/** How request.json and execution.json say that the action ran. */
	private static final Set<Object> EXECUTED = Set.of("EXECUTED", "succeeded");

	private EvidencePackageVerifier() {
	}

	/** Whether the archive is an evidence package (and not an export bundle). */
	public static boolean isEvidencePackage(Path file) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
			return zip.getEntry(EvidenceLayout.EVENTS) != null;
		}
	}

	/**
	 * Verifies the package with the pinned key when given, else with the key inside it.
	 * @throws IOException when the file cannot be read as a ZIP archive
	 */
	public static EvidenceResult verify(Path file, Optional<VerifierKey> pinnedKey) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
			return verify(zip, pinnedKey);
		}
		catch (TamperedEvidence ex) {
			return ex.result();
		}
		catch (JsonException ex) {
			// every leaf is canonical JSON, so this is not expected; still, not intact
			return new EvidenceTampered(EvidenceFailure.PACKAGE_MALFORMED, ex.getMessage());
		}
	}

	private static EvidenceResult verify(ZipFile zip, Optional<VerifierKey> pinnedKey)
			throws IOException, TamperedEvidence {
		EvidenceArchive.requireLayout(zip, EvidenceLayout.FILES, EvidenceLayout.HOW_TO_VERIFY);
		Checkpoint checkpoint = EvidenceArchive.checkpoint(zip, EvidenceLayout.VERIFIER_KEY, EvidenceLayout.CHECKPOINT,
				pinnedKey);
		List<LoggedEvent> events = EvidenceArchive.provenEvents(zip, EvidenceLayout.EVENTS, checkpoint);
		ApprovalRecord record = ApprovalRecord.read(events);
		ApprovalState state = ApprovalRules.check(record);
		for (Map.Entry<String, Object> file : ConvenienceFiles.of(record).entrySet()) {
			compare(file.getKey(), file.getValue(), read(zip, file.getKey()));
		}
		return new EvidenceIntact(record.request().toString(), record.first().actionType(), state,
				record.revisions().size(), record.decisions().size(), events.size(), checkpoint,
				record.ruleApprovals()
					.stream()
					.map((approval) -> "standing rule " + approval.rule().id() + " of " + approval.approver()
							+ " (its RULE_CREATED event " + approval.ruleEvent() + ")")
					.toList());
	}

	private static void compare(String name, Object derived, String text) throws TamperedEvidence {
		Object stated;
		try {
			stated = Json.parse(text);
		}
		catch (JsonException ex) {
			throw new TamperedEvidence(EvidenceFailure.CONVENIENCE_FILE, name + " is not JSON: " + ex.getMessage());
		}
		// the derived value as the file holds it: written and parsed back
		Object expected = Json.parse(Json.write(derived));
		// what was done is the claim that matters most: compared first
		if (expected instanceof Map<?, ?> want && stated instanceof Map<?, ?> have) {
			for (String claim : List.of("state", "outcome")) {
				Optional<JsonDifference> difference = JsonDifference.between(want.get(claim), have.get(claim));
				if (want.containsKey(claim) && difference.isPresent()
						&& EXECUTED.contains(String.valueOf(have.get(claim)))) {
					throw new TamperedEvidence(EvidenceFailure.EXECUTION_MISSING,
							name + " says the action executed ($." + claim + " is " + Json.write(have.get(claim))
									+ ", the proven events say " + Json.write(want.get(claim)) + "): no proven "
									+ ApprovalEvents.EXECUTION_SUCCEEDED + " event shows it");
				}
			}
		}
		Optional<JsonDifference> difference = JsonDifference.between(expected, stated);
		if (difference.isPresent()) {
			throw new TamperedEvidence(EvidenceFailure.CONVENIENCE_FILE,
					name + " differs from the proven events: " + difference.get().describe());
		}
	}

}
