package io.countersign.server.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEMPORARY: a fixed {@link ComplianceStatus} for the report tests until the real one
 * (branch compliance-checks) is merged into main; then the tests build their data with
 * the real checks and this class goes.
 */
public final class FixedComplianceStatus implements ComplianceStatus {

	static final Instant EVALUATED = Instant.parse("2026-12-01T06:00:00Z");

	public static final FrameworkStatus SOC2 = new FrameworkStatus("soc2", "SOC 2 (Trust Services Criteria)", "2026.1",
			1 / 3.0, 0.5,
			List.of(new ControlStatus("soc2-cc6.1-access-review", "Access reviewed every 90 days",
					"Role grants are reviewed at least every 90 days.", List.of("CC6.2", "CC6.3"), true,
					ControlState.NOT_STARTED, 3, "Record an access review (docs/compliance.md).",
					"https://countersign.example/docs/compliance#access-review",
					List.of(new CheckResult("access-review", CheckOutcome.FAILED,
							"No access review was recorded in the last 90 days.",
							Map.of("lastReview", "never", "windowDays", 90, "ratio", 0.25), List.of(), EVALUATED)),
					Optional.empty()),
					new ControlStatus("soc2-cc6.1-mfa", "MFA for every admin",
							"Every account holding admin signs in with a second factor ≥ TOTP.",
							List.of("CC6.1", "§164.312(d)"), true, ControlState.IMPLEMENTED, 2,
							"Enrol TOTP for every admin.", "https://countersign.example/docs/compliance#mfa",
							List.of(new CheckResult("admin-mfa", CheckOutcome.PASSED, "2 of 2 admins enrolled in TOTP.",
									Map.of("admins", 2, "enrolled", 2), List.of(4L), EVALUATED)),
							Optional.empty()),
					new ControlStatus("soc2-cc6.7-disk-encryption", "Database disk encrypted",
							"The database host encrypts its disks at rest.", List.of("CC6.7"), false,
							ControlState.IN_PROGRESS, 1, "Encrypt the database volume and attest it.",
							"https://countersign.example/docs/compliance#disk-encryption",
							List.of(new CheckResult("disk-encryption", CheckOutcome.CANNOT_VERIFY,
									"Cannot verify automatically: the database host's disks are not visible.", Map.of(),
									List.of(), EVALUATED)),
							Optional.of(new Attestation(ControlState.IN_PROGRESS, "Volume migration scheduled",
									"ops-lead", LocalDate.parse("2027-03-01"), "admin", EVALUATED,
									List.of(new Attestation.EvidenceFile("f1", "plan.pdf", "application/pdf", 1234,
											"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
									Optional.of(7L))))),
			EVALUATED);

	@Override
	public List<FrameworkStatus> frameworks() {
		return List.of(SOC2);
	}

	@Override
	public Optional<FrameworkStatus> framework(String id) {
		return SOC2.id().equals(id) ? Optional.of(SOC2) : Optional.empty();
	}

	@Override
	public List<ScorePoint> history(String frameworkId, LocalDate from, LocalDate to) {
		return List.of();
	}

	@Override
	public List<FrameworkStatus> evaluateNow(String by) {
		return frameworks();
	}

}
