package io.countersign.server.compliance.internal.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.compliance.internal.AccessReviews;
import io.countersign.server.compliance.internal.Attesting;
import io.countersign.server.compliance.internal.ComplianceService;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Compliance over HTTP (docs/compliance.md): frameworks with their controls, checks and
 * attestations, the daily score history, running the checks now, attesting a control
 * (evidence files as base64 in JSON) and downloading evidence, and recording an access
 * review.
 */
@RestController
@RequestMapping(path = "/api/v1/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Compliance", description = "SOC 2, GDPR and HIPAA controls, automated checks, attestations and scores")
class ComplianceController {

	static final String READ = "compliance:read";

	static final String MANAGE = "compliance:manage";

	/** The longest history one request answers. */
	static final int MAX_HISTORY_DAYS = 3660;

	private final ComplianceService compliance;

	private final Attesting attesting;

	private final AccessReviews reviews;

	ComplianceController(ComplianceService compliance, Attesting attesting, AccessReviews reviews) {
		this.compliance = compliance;
		this.attesting = attesting;
		this.reviews = reviews;
	}

	@GetMapping("/frameworks")
	@Operation(summary = "Every framework with its scores and its controls counted by state")
	@RequiresPermission(READ)
	Map<String, Object> frameworks() {
		List<FrameworkStatus> frameworks = this.compliance.frameworks();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("catalogVersion", this.compliance.catalog().version());
		json.put("items", frameworks.stream().map(ComplianceJson::summary).toList());
		this.compliance.lastEvaluation().ifPresent((run) -> json.put("evaluation", ComplianceJson.evaluation(run)));
		return json;
	}

	@GetMapping("/frameworks/{id}")
	@Operation(summary = "One framework: its controls (failing first) with state, checks, evidence and attestation; "
			+ "history=N adds the last N days' scores")
	@RequiresPermission(READ)
	Map<String, Object> framework(@PathVariable String id, @RequestParam Optional<Integer> history) {
		FrameworkStatus framework = this.compliance.framework(id).orElseThrow(() -> unknownFramework(id));
		Map<String, Object> json = ComplianceJson.full(framework);
		history.ifPresent((days) -> {
			if (days < 1 || days > MAX_HISTORY_DAYS) {
				throw new CountersignException(ErrorCode.ERR_VALIDATION,
						"history: must be a number of days from 1 to " + MAX_HISTORY_DAYS);
			}
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			json.put("history",
					this.compliance.history(id, today.minusDays(days - 1L), today)
						.stream()
						.map(ComplianceJson::point)
						.toList());
		});
		return json;
	}

	@GetMapping("/frameworks/{id}/history")
	@Operation(summary = "A framework's daily scores from..to (dates, inclusive; default the last 90 days)")
	@RequiresPermission(READ)
	Map<String, Object> history(@PathVariable String id, @RequestParam Optional<String> from,
			@RequestParam Optional<String> to) {
		this.compliance.catalog().framework(id).orElseThrow(() -> unknownFramework(id));
		LocalDate end = to.map((text) -> date("to", text)).orElse(LocalDate.now(ZoneOffset.UTC));
		LocalDate start = from.map((text) -> date("from", text)).orElse(end.minusDays(89));
		if (start.isAfter(end) || start.plusDays(MAX_HISTORY_DAYS).isBefore(end)) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE,
					"from..to: from must not be after to, and at most " + MAX_HISTORY_DAYS + " days apart");
		}
		return Map.of("framework", id, "from", start.toString(), "to", end.toString(), "points",
				this.compliance.history(id, start, end).stream().map(ComplianceJson::point).toList());
	}

	@PostMapping("/checks")
	@Operation(summary = "Run every automated check now; answers the frameworks as they then stand")
	@RequiresPermission(MANAGE)
	Map<String, Object> runChecks(@AuthenticationPrincipal Caller caller) {
		List<FrameworkStatus> frameworks = this.compliance.evaluate(caller.actor());
		Map<String, Object> json = new LinkedHashMap<>();
		this.compliance.lastEvaluation().ifPresent((run) -> json.put("evaluation", ComplianceJson.evaluation(run)));
		json.put("items", frameworks.stream().map(ComplianceJson::summary).toList());
		return json;
	}

	@PutMapping(path = "/controls/{id}/attestation", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Attest a control: state, note, owner, expiresOn (YYYY-MM-DD) and evidence files "
			+ "({name, contentType, content: base64})")
	@RequiresPermission(MANAGE)
	Map<String, Object> attest(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody AttestationBody body) {
		Attestation attestation = this.attesting.attest(caller, id, body.input());
		return ComplianceJson.attestation(id, attestation);
	}

	@GetMapping(path = "/controls/{id}/evidence/{fileId}", produces = MediaType.ALL_VALUE)
	@Operation(summary = "Download an evidence file as it was attested; its SHA-256 is in the header Digest")
	@RequiresPermission(READ)
	ResponseEntity<byte[]> evidence(@PathVariable String id, @PathVariable String fileId) {
		var file = this.compliance.evidenceFile(id, fileId)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "No such evidence file."));
		MediaType type;
		try {
			type = MediaType.parseMediaType(file.file().contentType());
		}
		catch (RuntimeException ex) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		return ResponseEntity.ok()
			// never rendered inline by a browser: the content is whatever the admin
			// uploaded
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(file.file().name(), java.nio.charset.StandardCharsets.UTF_8)
						.build()
						.toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("X-Evidence-SHA256", file.file().sha256())
			.body(file.content());
	}

	@PostMapping(path = "/access-reviews", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Record that every role grant was reviewed, with a note of what was found and changed")
	@RequiresPermission(MANAGE)
	ResponseEntity<Map<String, Object>> review(@AuthenticationPrincipal Caller caller, @RequestBody ReviewBody body) {
		AccessReviews.Review review = this.reviews.record(caller, Optional.ofNullable(body.note()));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("id", review.id(), "reviewedBy", review.reviewedBy(), "reviewedAt",
					review.reviewedAt().toString(), "note", review.note()));
	}

	static CountersignException unknownFramework(String id) {
		return new CountersignException(ErrorCode.ERR_NOT_FOUND, "No framework " + id + ".");
	}

	private static LocalDate date(String name, String text) {
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, name + ": must be a date, YYYY-MM-DD");
		}
	}

	record AttestationBody(String state, String note, String owner, String expiresOn, List<FileBody> files) {

		Attesting.Input input() {
			List<Attesting.FileInput> inputs = new ArrayList<>();
			if (this.files != null) {
				for (FileBody file : this.files) {
					if (file == null) {
						throw new CountersignException(ErrorCode.ERR_VALIDATION, "files: an entry is null");
					}
					byte[] content;
					try {
						content = Base64.getMimeDecoder().decode((file.content() == null) ? "" : file.content());
					}
					catch (IllegalArgumentException ex) {
						throw new CountersignException(ErrorCode.ERR_VALIDATION,
								"files: " + file.name() + ": content must be base64");
					}
					inputs.add(new Attesting.FileInput(file.name(), file.contentType(), content));
				}
			}
			return new Attesting.Input(Optional.ofNullable(this.state), Optional.ofNullable(this.note),
					Optional.ofNullable(this.owner), Optional.ofNullable(this.expiresOn), inputs);
		}

		@Override
		public String toString() {
			return "AttestationBody[" + this.state + "]";
		}

	}

	record FileBody(String name, String contentType, String content) {

		@Override
		public String toString() {
			return "FileBody[" + this.name + "]";
		}

	}

	record ReviewBody(String note) {
	}

}
