package io.countersign.server.compliance.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ResourceEvents;
import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ComplianceStatus;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.compliance.ScorePoint;
import io.countersign.server.compliance.internal.catalog.Catalog;
import io.countersign.server.compliance.internal.checks.Check;
import io.countersign.server.compliance.internal.checks.CheckContext;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where each framework stands: the latest evaluation's check results combined with the
 * attestations in force now. An evaluation runs every check, then stores the results, the
 * day's scores and its ledger event ({@code compliance_checks_evaluated}, with the
 * results' SHA-256) in one transaction.
 */
@Service
public class ComplianceService implements ComplianceStatus {

	// attestations whose ledger index is remembered, at most
	private static final int REMEMBERED_INDEXES = 10_000;

	private final Catalog catalog;

	private final Map<String, Check> checks;

	private final Evaluations evaluations;

	private final Attestations attestations;

	private final Map<String, Long> attestationIndexes = new ConcurrentHashMap<>();

	private final ResourceEvents ledger;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final ComplianceProperties properties;

	private final Clock clock;

	// the latest run as read, so a page view reads one id, not the results, when nothing
	// ran
	private final AtomicReference<Evaluations.Stored> cached = new AtomicReference<>();

	ComplianceService(Catalog catalog, List<Check> checks, Evaluations evaluations, Attestations attestations,
			ResourceEvents ledger, AuditTrail trail, TransactionTemplate transaction, ComplianceProperties properties,
			Clock clock) {
		this.catalog = catalog;
		this.checks = new TreeMap<>();
		checks.forEach((check) -> this.checks.put(check.id(), check));
		this.evaluations = evaluations;
		this.attestations = attestations;
		this.ledger = ledger;
		this.trail = trail;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	public Catalog catalog() {
		return this.catalog;
	}

	@Override
	public List<FrameworkStatus> frameworks() {
		Evaluations.Stored run = latest();
		Map<String, Attestations.Stored> attested = this.attestations.latest();
		return this.catalog.frameworks().stream().map((framework) -> status(framework, run, attested)).toList();
	}

	@Override
	public Optional<FrameworkStatus> framework(String id) {
		return this.catalog.framework(id).map((framework) -> status(framework, latest(), this.attestations.latest()));
	}

	@Override
	public List<ScorePoint> history(String frameworkId, LocalDate from, LocalDate to) {
		return this.evaluations.history(frameworkId, from, to);
	}

	@Override
	public Optional<EvaluationSummary> lastEvaluation() {
		return latestIfAny().map(this::summary);
	}

	/**
	 * Runs every check now, as {@code actor}, and answers the frameworks as they then
	 * stand.
	 */
	public List<FrameworkStatus> evaluate(Actor actor) {
		Instant now = this.clock.instant();
		CheckContext context = new CheckContext(now, this.properties.period());
		List<CheckResult> results = new ArrayList<>();
		for (Check check : this.checks.values()) {
			results.add(run(check, context));
		}
		String json = ResultsJson.write(results);
		String digest = Attesting.sha256(json.getBytes(StandardCharsets.UTF_8));
		Evaluations.Stored run = new Evaluations.Stored(UUID.randomUUID().toString(), now, actor.id(),
				this.catalog.version(), digest, results);
		LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
		List<FrameworkStatus> frameworks = this.transaction.execute((status) -> {
			this.evaluations.insert(run.id(), now, actor.id(), this.catalog.version(), json, digest);
			Map<String, Attestations.Stored> attested = this.attestations.latest();
			List<FrameworkStatus> statuses = this.catalog.frameworks()
				.stream()
				.map((framework) -> status(framework, run, attested))
				.toList();
			Map<String, Object> scores = new LinkedHashMap<>();
			for (FrameworkStatus framework : statuses) {
				this.evaluations.score(framework.id(), day, framework.implementedShare(), framework.weightedScore(),
						run.id(), now);
				scores.put(framework.id(), Map.of("implementedShare", round(framework.implementedShare()),
						"weightedScore", round(framework.weightedScore())));
			}
			Map<String, Object> outcomes = new LinkedHashMap<>();
			results.forEach((result) -> outcomes.put(result.check(), result.outcome().name()));
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("catalogVersion", this.catalog.version());
			details.put("resultsSha256", digest);
			details.put("outcomes", outcomes);
			details.put("scores", scores);
			this.trail.record(EventDraft.of(ComplianceEvents.CHECKS_EVALUATED, actor)
				.withAction("evaluate")
				.withResource(new Resource(ComplianceEvents.EVALUATION, run.id()))
				.withDetails(details));
			return statuses;
		});
		this.cached.set(run);
		return frameworks;
	}

	/** The attestation rows' evidence file, by control and file id. */
	public Optional<Attestations.FileContent> evidenceFile(String controlId, String fileId) {
		return this.attestations.file(controlId, fileId);
	}

	private static double round(double value) {
		return Math.round(value * 10000) / 10000.0;
	}

	// a check that throws has not seen its fact: cannot verify, with the reason
	private static CheckResult run(Check check, CheckContext context) {
		try {
			return check.run(context);
		}
		catch (RuntimeException ex) {
			return new CheckResult(check.id(), io.countersign.server.compliance.CheckOutcome.CANNOT_VERIFY,
					"The check could not read its facts: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					Map.of(), List.of(), context.now());
		}
	}

	private Evaluations.Stored latest() {
		return latestIfAny().orElseGet(() -> {
			// nothing evaluated yet on this installation: the schedule's first run, early
			evaluate(ComplianceEvents.SYSTEM);
			return this.cached.get();
		});
	}

	// the latest run, read only when another run became the latest since the last read
	private Optional<Evaluations.Stored> latestIfAny() {
		Optional<String> id = this.evaluations.latestId();
		if (id.isEmpty()) {
			return Optional.empty();
		}
		Evaluations.Stored current = this.cached.get();
		if (current != null && current.id().equals(id.get())) {
			return Optional.of(current);
		}
		Evaluations.Stored read = this.evaluations.find(id.get()).orElseThrow();
		this.cached.set(read);
		return Optional.of(read);
	}

	private FrameworkStatus status(Catalog.Framework framework, Evaluations.Stored run,
			Map<String, Attestations.Stored> attested) {
		Map<String, CheckResult> results = new LinkedHashMap<>();
		run.results().forEach((result) -> results.put(result.check(), result));
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		List<ControlStatus> controls = framework.controls()
			.stream()
			.map((control) -> ControlStates.control(control, results,
					Optional.ofNullable(attested.get(control.id())).map(this::withLedgerIndex), today))
			.toList();
		return ControlStates.framework(this.catalog, framework, controls, run.at());
	}

	private Attestation withLedgerIndex(Attestations.Stored stored) {
		Attestation a = stored.attestation();
		Optional<Long> index = Optional.ofNullable(this.attestationIndexes.get(stored.id()))
			.or(() -> this.ledger.of(new Resource(ComplianceEvents.ATTESTATION, stored.id()))
				.stream()
				.map(ResourceEvents.LoggedEvent::index)
				.findFirst());
		// an entry's index never changes: remembered once found, so a dashboard read is
		// not one ledger query per attested control (bounded: attestations are made by
		// people, and a full map starts over)
		index.ifPresent((found) -> {
			if (this.attestationIndexes.size() >= REMEMBERED_INDEXES) {
				this.attestationIndexes.clear();
			}
			this.attestationIndexes.put(stored.id(), found);
		});
		return new Attestation(a.state(), a.note(), a.owner(), a.expiresOn(), a.attestedBy(), a.attestedAt(), a.files(),
				index);
	}

	private EvaluationSummary summary(Evaluations.Stored run) {
		Optional<Long> index = this.ledger.of(new Resource(ComplianceEvents.EVALUATION, run.id()))
			.stream()
			.map(ResourceEvents.LoggedEvent::index)
			.findFirst();
		return new EvaluationSummary(run.id(), run.at(), run.by(), run.catalogVersion(), run.digest(), index);
	}

}
