package io.countersign.server.compliance.internal.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.report.ReportEnvelope;
import io.countersign.ledger.report.ReportFormat;
import io.countersign.server.access.People;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.LedgerSnapshots;
import io.countersign.server.audit.ProvenHistory;
import io.countersign.server.audit.ResourceHistories;
import io.countersign.server.compliance.ComplianceStatus;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.DaemonThreads;
import io.countersign.server.shared.ErrorCode;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compliance reports as background jobs: accepted at once, generated one at a time on
 * this server with their progress and a lease in the table ({@link ReportLeases}), then
 * downloaded and optionally e-mailed. Generation: the framework as last evaluated, the
 * ledger over the period (counts by type, the checkpoints around it and their consistency
 * proof), the account counts; the body's SHA-256 signed with the ledger key and logged as
 * {@value ReportFormat#EVENT_TYPE} (with the job's row, in one transaction); then the
 * event's inclusion proof under a checkpoint closes the envelope (decision 029).
 */
@Service
class ComplianceReports {

	private static final Logger log = LoggerFactory.getLogger(ComplianceReports.class);

	static final List<String> FORMATS = List.of("pdf", "json", "oscal");

	private final ReportRows rows;

	private final ObjectProvider<ComplianceStatus> compliance;

	private final LedgerSnapshots snapshots;

	private final ResourceHistories histories;

	private final AuditTrail audit;

	private final People people;

	private final ReportMail mail;

	private final ReportLeases leases;

	private final TransactionTemplate transaction;

	private final ReportProperties properties;

	private final Clock clock;

	private final ExecutorService jobs = Executors.newSingleThreadExecutor(DaemonThreads.named("compliance-reports"));

	ComplianceReports(ReportRows rows, ObjectProvider<ComplianceStatus> compliance, LedgerSnapshots snapshots,
			ResourceHistories histories, AuditTrail audit, People people, ReportMail mail, ReportLeases leases,
			TransactionTemplate transaction, ReportProperties properties, ObjectProvider<Clock> clock) {
		this.rows = rows;
		this.compliance = compliance;
		this.snapshots = snapshots;
		this.histories = histories;
		this.audit = audit;
		this.people = people;
		this.mail = mail;
		this.leases = leases;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Accepts a request and queues its job; refuses bad input before writing anything.
	 */
	ReportJob request(Caller caller, String framework, Instant from, Instant to, String format,
			Optional<String> email) {
		if (!FORMATS.contains(format)) {
			throw invalid("format must be one of " + String.join(", ", FORMATS) + ", not \"" + format + "\"");
		}
		Instant now = this.clock.instant();
		if (!from.isBefore(to)) {
			throw invalid("the period must begin before it ends: from " + from + ", to " + to);
		}
		if (to.isAfter(now)) {
			throw invalid("the period must have ended: to " + to + " is after now (" + now + ")");
		}
		if (Duration.between(from, to).compareTo(this.properties.maxPeriod()) > 0) {
			throw invalid("a report covers at most " + this.properties.maxPeriod().toDays() + " days");
		}
		if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
			throw invalid("email is not an e-mail address: \"" + email.get() + "\"");
		}
		if (frameworkStatus(framework).isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_NOT_FOUND, "no compliance framework \"" + framework + "\"");
		}
		ReportJob job = ReportJob.queued(UUID.randomUUID().toString(), framework, from, to, format, email,
				caller.username(), caller.kind(), now);
		this.rows.insert(job, this.leases.instance());
		this.jobs.execute(() -> generate(job));
		return job;
	}

	Optional<ReportJob> find(String id) {
		return this.rows.find(id);
	}

	Optional<byte[]> content(String id) {
		return this.rows.content(id);
	}

	private Optional<FrameworkStatus> frameworkStatus(String framework) {
		ComplianceStatus status = this.compliance.getIfAvailable();
		return (status == null) ? Optional.empty() : status.framework(framework);
	}

	private void generate(ReportJob job) {
		try {
			byte[] content = build(job);
			boolean ready = this.rows.ready(job.id(), content, job.contentType(), this.clock.instant());
			if (ready && job.email().isPresent()) {
				ReportJob done = this.rows.find(job.id()).orElseThrow();
				this.rows.emailed(job.id(), this.mail.send(done, content, done.framework()));
			}
		}
		catch (RuntimeException ex) {
			log.warn("compliance report {} failed", job.id(), ex);
			this.rows.failed(job.id(), String.valueOf(ex.getMessage()), this.clock.instant());
		}
	}

	/** The report file; each stage's progress in the row. */
	byte[] build(ReportJob job) {
		progress(job, 5, "reading the framework's controls");
		FrameworkStatus framework = frameworkStatus(job.framework())
			.orElseThrow(() -> new IllegalStateException("the framework " + job.framework() + " is gone"));

		progress(job, 15, "counting the period's audit events by type");
		Map<String, Long> counts = this.snapshots.countsByType(job.from(), job.to());

		progress(job, 45, "reading the checkpoints around the period and their consistency proof");
		String start = this.snapshots.checkpointAtOrBefore(job.from());
		String end = this.snapshots.checkpointCovering(job.to());
		long startSize = size(start);
		long endSize = size(end);
		if (startSize > endSize) {
			// a ledger younger than the period: both fall back to the first checkpoint
			// after
			start = end;
			startSize = endSize;
		}
		List<Hash> proof = this.snapshots.consistencyProof(startSize, endSize);

		progress(job, 60, "counting accounts");
		People.AccountCounts accounts = this.people.accountCounts(this.clock.instant());

		progress(job, 65, "signing the report and logging its SHA-256");
		Map<String, Object> body = ReportContent.body(job.id(), framework, job.from(), job.to(), this.clock.instant(),
				job.requestedBy(), accounts,
				new ReportContent.Snapshot(job.from(), job.to(), counts, start, end, proof));
		String sha256 = ReportFormat.bodySha256(body);
		String signature = this.snapshots.signComplianceReport(job.id(), sha256);
		Resource resource = new Resource(ReportFormat.RESOURCE_TYPE, job.id());
		this.transaction.executeWithoutResult((status) -> {
			this.audit.record(EventDraft.of(ReportFormat.EVENT_TYPE, new Actor(job.requestedBy(), job.requesterKind()))
				.withAction("generate")
				.withResource(resource)
				.withDetails(Map.of("report_sha256", sha256, "framework", job.framework(), "from",
						job.from().toString(), "to", job.to().toString(), "format", job.format())));
			this.rows.signed(job.id(), sha256);
		});

		progress(job, 80, "proving the report's ledger event under a signed checkpoint");
		ProvenHistory history = this.histories.of(resource)
			.orElseThrow(() -> new IllegalStateException("the report's ledger event is not in the ledger"));
		ProvenEntry event = history.entries().get(history.entries().size() - 1);
		this.rows.proven(job.id(), event.index());
		long covering = size(history.checkpointNote());
		Map<String, Object> envelope = ReportEnvelope.of(body, signature, event, history.checkpointNote(),
				this.snapshots.consistencyProof(endSize, covering), history.key());

		progress(job, 90, "rendering " + job.format());
		return switch (job.format()) {
			case "pdf" -> PdfReport.render(envelope);
			case "oscal" -> OscalReport.render(envelope);
			default -> ReportEnvelope.indented(envelope);
		};
	}

	private void progress(ReportJob job, int percent, String stage) {
		if (!this.rows.progress(job.id(), percent, stage)) {
			// another server took this one for stopped (its lease lapsed) and failed the
			// job
			throw new IllegalStateException("the job was failed meanwhile; generation stops");
		}
	}

	private static long size(String note) {
		return Checkpoint.parse(SignedNote.parse(note).text()).size();
	}

	private static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

	@PreDestroy
	void stop() {
		this.jobs.shutdownNow();
	}

}
