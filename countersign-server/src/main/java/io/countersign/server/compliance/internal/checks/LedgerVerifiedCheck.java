package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.audit.AuditReading;
import io.countersign.server.audit.AuditReading.VerificationStatus;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.stereotype.Component;

/**
 * The ledger verified in the last 24 h with result intact: the latest verification run
 * recorded (started by anyone, on any server). A full verification checks every entry,
 * the hash chain and every stored checkpoint, so an intact one also means the checkpoints
 * are consistent with each other and with the entries.
 */
@Component
class LedgerVerifiedCheck implements Check {

	static final String ID = "ledger-verified";

	static final Duration MAX_AGE = Duration.ofHours(24);

	private final AuditReading ledger;

	LedgerVerifiedCheck(AuditReading ledger) {
		this.ledger = ledger;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		Optional<VerificationStatus> last = this.ledger.lastVerification();
		Map<String, Object> facts = new LinkedHashMap<>();
		if (last.isEmpty()) {
			facts.put("lastVerification", "none");
			return Results.of(ID, context, CheckOutcome.FAILED, "The ledger was never verified in full.", facts);
		}
		VerificationStatus run = last.get();
		facts.put("lastVerification", run.id());
		facts.put("startedBy", run.startedBy());
		facts.put("startedAt", run.startedAt().toString());
		facts.put("state", run.state());
		facts.put("entriesChecked", run.entriesChecked());
		run.finishedAt().ifPresent((at) -> facts.put("finishedAt", at.toString()));
		run.summary().ifPresent((summary) -> facts.put("summary", summary));
		if (run.running()) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"A verification started at " + run.startedAt() + " is still running; no finished one is newer.",
					facts);
		}
		if (!"intact".equals(run.state())) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"The last verification, finished " + run.finishedAt().map(Object::toString).orElse("?")
							+ ", found the ledger " + run.state() + ": " + run.summary().orElse("no summary") + ".",
					facts);
		}
		boolean recent = run.finishedAt().filter((at) -> !at.isBefore(context.now().minus(MAX_AGE))).isPresent();
		if (!recent) {
			return Results.of(ID, context, CheckOutcome.FAILED, "The last verification found the ledger intact but "
					+ "finished more than 24 hours ago (" + run.finishedAt().map(Object::toString).orElse("?") + ").",
					facts);
		}
		return Results.of(ID, context, CheckOutcome.PASSED,
				"The ledger was verified in full at " + run.finishedAt().get() + " (" + run.entriesChecked()
						+ " entries, every stored checkpoint) and found intact.",
				facts);
	}

}
