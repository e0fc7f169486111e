package io.countersign.server.audit.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.audit.internal.LedgerController.Report;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.countersign.server.shared.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ledger/verifications}: verifications of the whole ledger that run in the
 * background, one at a time per server, and the resource to poll for each.
 */
@RestController
@RequestMapping("/api/v1/ledger/verifications")
@Tag(name = "Ledger", description = "Entries, checkpoints, proofs and verification")
class VerificationsController {

	private static final String PATH = "/api/v1/ledger/verifications/";

	private final LedgerVerifications verifications;

	VerificationsController(LedgerVerifications verifications) {
		this.verifications = verifications;
	}

	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start verifying the whole ledger, optionally against a checkpoint you kept; "
			+ "202 with the Location to poll, 429 while another verification runs")
	@RequiresPermission("ledger:verify")
	ResponseEntity<Verification> start(@AuthenticationPrincipal Caller caller,
			@RequestBody(required = false) StartRequest request) {
		Optional<Checkpoint> supplied = Optional.ofNullable(request)
			.flatMap((body) -> Optional.ofNullable(body.checkpoint()))
			.map(this.verifications::supplied);
		VerificationRun run = this.verifications.start(supplied, caller.username());
		return ResponseEntity.accepted().location(URI.create(PATH + run.id())).body(Verification.of(run));
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A verification: its state, progress and, once finished, its report")
	@RequiresPermission("ledger:verify")
	Verification verification(@PathVariable String id) {
		return parse(id).flatMap(this.verifications::find)
			.map(Verification::of)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND,
					"no verification " + id + " on this server (each server keeps its latest runs only)"));
	}

	private static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** {@code checkpoint}: a signed checkpoint note kept from earlier, optional. */
	record StartRequest(String checkpoint) {

	}

	/** A tree head the stored ledger is compared with. */
	record Head(long size, String root) {

		static Head of(TreeHead head) {
			return new Head(head.size(), head.root().base64());
		}

		static Head of(Checkpoint checkpoint) {
			return new Head(checkpoint.size(), checkpoint.root().base64());
		}

	}

	@JsonInclude(JsonInclude.Include.NON_ABSENT)
	record Verification(String id, String state, long entriesChecked, long entriesTotal, Instant startedAt,
			Optional<Instant> finishedAt, Optional<Head> seen, Optional<Head> checkpoint, Optional<Report> result,
			Optional<String> error) {

		static Verification of(VerificationRun run) {
			Optional<VerificationRun.Outcome> outcome = run.outcome();
			return new Verification(run.id().toString(), run.state().name().toLowerCase(), run.entriesChecked(),
					run.entriesTotal(), run.startedAt(), run.finishedAt(), run.seen().map(Head::of),
					run.supplied().map(Head::of), outcome.flatMap(VerificationRun.Outcome::result).map(Report::of),
					outcome.flatMap(VerificationRun.Outcome::error));
		}

	}

}
