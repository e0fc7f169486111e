package io.countersign.server.console.internal.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import io.countersign.server.audit.AuditReading;
import io.countersign.server.audit.AuditReading.SignedCheckpoint;
import io.countersign.server.audit.AuditReading.VerificationStatus;
import io.countersign.server.console.internal.ConsoleNavigation;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.RequiresPermission;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The ledger's status: its size, the latest checkpoint (its signature checked in the
 * browser), the verifier key, the last full verification, and starting one with its
 * progress polled by htmx.
 */
@Controller
@ConsolePage
class LedgerPages {

	private final AuditReading ledger;

	LedgerPages(AuditReading ledger) {
		this.ledger = ledger;
	}

	@RequiresPermission(ConsoleNavigation.LEDGER_READ)
	@GetMapping("/ui/ledger")
	String status(@AuthenticationPrincipal Caller caller, Model model) {
		model.addAttribute("size", this.ledger.size());
		Optional<SignedCheckpoint> checkpoint = this.ledger.latestCheckpoint();
		model.addAttribute("checkpoint", checkpoint.orElse(null));
		checkpoint.ifPresent((signed) -> {
			model.addAttribute("noteBase64",
					Base64.getEncoder().encodeToString(signed.note().getBytes(StandardCharsets.UTF_8)));
			model.addAttribute("root", Base64.getEncoder().encodeToString(signed.root()));
		});
		model.addAttribute("verifierKey", this.ledger.verifierKey());
		model.addAttribute("canVerify", caller.holds(ConsoleNavigation.LEDGER_VERIFY));
		verification(model, this.ledger.lastVerification());
		return "console/ledger/status";
	}

	@RequiresPermission(ConsoleNavigation.LEDGER_VERIFY)
	@PostMapping("/ui/ledger/verifications")
	String start(@AuthenticationPrincipal Caller caller, Model model) {
		try {
			verification(model, Optional.of(this.ledger.startVerification(caller)));
		}
		catch (CountersignException ex) {
			if (ex.code() != ErrorCode.ERR_VERIFY_IN_PROGRESS) {
				throw ex;
			}
			model.addAttribute("refused", ex.getMessage());
			verification(model, this.ledger.lastVerification());
		}
		model.addAttribute("canVerify", true);
		return "console/ledger/status :: verification";
	}

	@RequiresPermission(ConsoleNavigation.LEDGER_READ)
	@GetMapping("/ui/ledger/verifications/{id}")
	String progress(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
		VerificationStatus status = this.ledger.verification(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "no verification " + id));
		verification(model, Optional.of(status));
		model.addAttribute("canVerify", caller.holds(ConsoleNavigation.LEDGER_VERIFY));
		return "console/ledger/status :: verification";
	}

	private static void verification(Model model, Optional<VerificationStatus> status) {
		model.addAttribute("verification", status.orElse(null));
		status.ifPresent((run) -> {
			model.addAttribute("percent", (run.entriesTotal() > 0)
					? Math.min(100, run.entriesChecked() * 100 / run.entriesTotal()) : (run.running() ? 0 : 100));
			run.finishedAt()
				.ifPresent((end) -> model.addAttribute("took", took(Duration.between(run.startedAt(), end))));
		});
	}

	private static String took(Duration duration) {
		long millis = duration.toMillis();
		return (millis < 1000) ? millis + " ms"
				: (millis < 120_000) ? String.format("%.1f s", millis / 1000.0) : duration.toMinutes() + " min";
	}

}
