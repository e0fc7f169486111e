package io.countersign.server.compliance.internal.reports;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/compliance/reports}: signed compliance reports, generated in the
 * background (docs/compliance.md, "Reports").
 */
@RestController
@RequestMapping(path = ReportsController.PATH)
@Tag(name = "Compliance", description = "Frameworks, controls, checks, attestations and reports")
class ReportsController {

	static final String PATH = "/api/v1/compliance/reports";

	private final ComplianceReports reports;

	private final Clock clock;

	ReportsController(ComplianceReports reports, Clock clock) {
		this.reports = reports;
		this.clock = clock;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Generate a signed report of a framework over a period, in the background",
			description = "Body `{framework, from, to, format: pdf|json|oscal, email?}`; `from` and `to` are "
					+ "ISO-8601 instants or dates (a date `to` includes that day, up to now). Answers 202 with "
					+ "the job; follow its Location for the progress.")
	@RequiresPermission("compliance:manage")
	ResponseEntity<Map<String, Object>> request(@AuthenticationPrincipal Caller caller,
			@RequestBody ReportRequest body) {
		if (body.framework() == null || body.from() == null || body.to() == null) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "framework, from and to are required");
		}
		Instant from = instant("from", body.from(), false);
		Instant to = instant("to", body.to(), true);
		ReportJob job = this.reports.request(caller, body.framework(), from, to,
				Optional.ofNullable(body.format()).orElse("pdf"), Optional.ofNullable(body.email()));
		return ResponseEntity.accepted().location(URI.create(PATH + "/" + job.id())).body(json(job));
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A report job: state queued|running|ready|failed, progress 0-100, stage")
	@RequiresPermission("compliance:read")
	Map<String, Object> status(@PathVariable String id) {
		return json(job(id));
	}

	@GetMapping(path = "/{id}/download")
	@Operation(summary = "The finished report: PDF, signed JSON or OSCAL assessment-results JSON",
			description = "409 ERR_REPORT_NOT_READY until the job is ready. Verify the file offline with "
					+ "`java -jar countersign-ledger.jar <file> --key <ledger verifier key>`.")
	@RequiresPermission("compliance:read")
	ResponseEntity<byte[]> download(@PathVariable String id) {
		ReportJob job = job(id);
		byte[] content = this.reports.content(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_REPORT_NOT_READY,
					"report " + id + " is " + job.state() + job.error().map((error) -> ": " + error).orElse("")));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(job.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(job.fileName()).build().toString())
			.header("X-Report-SHA256", job.sha256().orElse(""))
			.body(content);
	}

	private ReportJob job(String id) {
		return this.reports.find(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "no compliance report " + id));
	}

	private Instant instant(String name, String text, boolean end) {
		try {
			if (text.length() == 10) {
				LocalDate day = LocalDate.parse(text);
				if (!end) {
					return day.atStartOfDay(ZoneOffset.UTC).toInstant();
				}
				Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
				// whole seconds: a period reads better, and this stays before now
				Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
				return dayEnd.isAfter(now) ? now : dayEnd;
			}
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					name + " must be an ISO-8601 instant or date, not \"" + text + "\"");
		}
	}

	private static Map<String, Object> json(ReportJob job) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", job.id());
		json.put("framework", job.framework());
		json.put("from", job.from().toString());
		json.put("to", job.to().toString());
		json.put("format", job.format());
		job.email().ifPresent((email) -> json.put("email", email));
		json.put("requestedBy", job.requestedBy());
		json.put("requestedAt", job.requestedAt().toString());
		json.put("state", job.state());
		json.put("progress", job.progress());
		json.put("stage", job.stage());
		job.error().ifPresent((error) -> json.put("error", error));
		job.sha256().ifPresent((sha256) -> json.put("sha256", sha256));
		job.ledgerIndex().ifPresent((index) -> json.put("ledgerIndex", index));
		job.finishedAt().ifPresent((at) -> json.put("finishedAt", at.toString()));
		job.emailState().ifPresent((state) -> json.put("emailState", state));
		job.emailError().ifPresent((error) -> json.put("emailError", error));
		if ("ready".equals(job.state())) {
			json.put("download", PATH + "/" + job.id() + "/download");
		}
		return json;
	}

	/** The body of a report request. */
	record ReportRequest(String framework, String from, String to, String format, String email) {

	}

}
