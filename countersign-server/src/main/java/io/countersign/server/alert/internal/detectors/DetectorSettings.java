package io.countersign.server.alert.internal.detectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.ledger.event.Resource;
import io.countersign.server.alert.Severity;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settings each rule runs with: its defaults ({@link Rule}), over them configuration
 * ({@link DetectorProperties}), over that what admins changed through the API (table
 * {@code alert_detector_setting}, one nullable column per setting, so a setting nobody
 * changed still follows configuration). Every change is written with its
 * {@code alert_detector_changed} event in one transaction. The detectors read a snapshot
 * that is at most {@link #REFRESH} old, so a change made on another instance reaches the
 * one that holds the detection lease within that time.
 */
@Service
public class DetectorSettings implements CurrentSettings {

	static final String CHANGED = "alert_detector_changed";

	static final Duration REFRESH = Duration.ofSeconds(5);

	private final DetectorProperties properties;

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private volatile Snapshot snapshot;

	private final Map<Rule, RuleSettings> configured = new EnumMap<>(Rule.class);

	DetectorSettings(DetectorProperties properties, DataSource dataSource, AuditTrail audit,
			TransactionTemplate transaction, Clock clock) {
		this.properties = properties;
		this.jdbc = JdbcClient.create(dataSource);
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
		// worked out once; fails at start on configuration the API would refuse
		for (Rule rule : Rule.values()) {
			this.configured.put(rule, properties.configured(rule));
		}
	}

	/** The subjects a windowed rule tracks at most. */
	@Override
	public int maxSubjects() {
		return this.properties.maxSubjects();
	}

	/** The settings {@code rule} runs with now. */
	@Override
	public RuleSettings of(Rule rule) {
		return current().settings.get(rule);
	}

	/** Every rule with its settings and who changed them last, in rule order. */
	public List<Effective> all() {
		Snapshot now = load();
		return List.of(Rule.values()).stream().map(now::effective).toList();
	}

	/**
	 * Changes what {@code change} holds for {@code rule}, audited in the same
	 * transaction; {@code ERR_VALIDATION} (nothing written) for a value the rule cannot
	 * take.
	 */
	public Effective change(Caller caller, Rule rule, SettingsChange change) {
		if (change.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"the body changes nothing: give enabled, severity, threshold, window"
							+ (rule.defaults().rowsThreshold().isPresent() ? ", rowsThreshold or rowsWindow" : ""));
		}
		Instant at = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			Optional<Stored> stored = this.jdbc.sql("SELECT * FROM alert_detector_setting WHERE rule = ? FOR UPDATE")
				.param(rule.name())
				.query(DetectorSettings::stored)
				.optional();
			RuleSettings before = stored.map((row) -> row.over(this.configured.get(rule)))
				.orElseGet(() -> this.configured.get(rule));
			RuleSettings after = change.applyTo(rule, before);
			Stored changed = stored.orElse(Stored.NONE).with(change, after, caller.username(), at);
			if (stored.isPresent()) {
				this.jdbc.sql("""
						UPDATE alert_detector_setting SET enabled = ?, severity = ?, threshold = ?, window_seconds = ?,
						rows_threshold = ?, rows_window_seconds = ?, changed_by = ?, changed_at = ? WHERE rule = ?""")
					.params(changed.values(rule))
					.update();
			}
			else {
				this.jdbc.sql("""
						INSERT INTO alert_detector_setting (enabled, severity, threshold, window_seconds,
						rows_threshold, rows_window_seconds, changed_by, changed_at, rule)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(changed.values(rule)).update();
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("rule", rule.name());
			details.put("changed", change.fields());
			details.put("before", wire(before));
			details.put("after", wire(after));
			this.audit.record(EventDraft.of(CHANGED, caller.actor())
				.withAction("change")
				.withResource(new Resource("alert_detector", rule.name()))
				.withDetails(details));
		});
		this.snapshot = null;
		return load().effective(rule);
	}

	/** The settings as the API and the audit event show them. */
	static Map<String, Object> wire(RuleSettings settings) {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("enabled", settings.enabled());
		wire.put("severity", settings.severity().name());
		settings.threshold().ifPresent((value) -> wire.put("threshold", value));
		settings.window().ifPresent((value) -> wire.put("window", value.toString()));
		settings.rowsThreshold().ifPresent((value) -> wire.put("rowsThreshold", value));
		settings.rowsWindow().ifPresent((value) -> wire.put("rowsWindow", value.toString()));
		return wire;
	}

	private Snapshot current() {
		Snapshot now = this.snapshot;
		if (now == null || now.loadedAt.plus(REFRESH).isBefore(this.clock.instant())) {
			now = load();
		}
		return now;
	}

	private Snapshot load() {
		Map<Rule, Stored> stored = new EnumMap<>(Rule.class);
		this.jdbc.sql("SELECT * FROM alert_detector_setting").query((row) -> {
			Optional<Rule> rule = Rule.parse(row.getString("rule"));
			if (rule.isPresent()) {
				stored.put(rule.get(), stored(row, 0));
			}
		});
		Map<Rule, RuleSettings> settings = new EnumMap<>(Rule.class);
		for (Rule rule : Rule.values()) {
			RuleSettings configured = this.configured.get(rule);
			settings.put(rule, stored.containsKey(rule) ? stored.get(rule).over(configured) : configured);
		}
		Snapshot loaded = new Snapshot(this.clock.instant(), settings, stored);
		this.snapshot = loaded;
		return loaded;
	}

	private static Stored stored(ResultSet row, int n) throws SQLException {
		return new Stored(Optional.ofNullable((Boolean) row.getObject("enabled", Boolean.class)),
				Optional.ofNullable(row.getString("severity")).map(Severity::valueOf),
				Optional.ofNullable(row.getObject("threshold", Long.class)),
				Optional.ofNullable(row.getObject("window_seconds", Long.class)).map(Duration::ofSeconds),
				Optional.ofNullable(row.getObject("rows_threshold", Long.class)),
				Optional.ofNullable(row.getObject("rows_window_seconds", Long.class)).map(Duration::ofSeconds),
				Optional.ofNullable(row.getString("changed_by")),
				Optional.ofNullable(row.getObject("changed_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
	}

	/**
	 * A rule's settings and where they come from ({@code changedBy}/{@code changedAt}
	 * empty: nobody changed them through the API).
	 */
	public record Effective(Rule rule, RuleSettings settings, Optional<String> changedBy, Optional<Instant> changedAt) {

	}

	private record Snapshot(Instant loadedAt, Map<Rule, RuleSettings> settings, Map<Rule, Stored> stored) {

		Effective effective(Rule rule) {
			Optional<Stored> row = Optional.ofNullable(this.stored.get(rule));
			return new Effective(rule, this.settings.get(rule), row.flatMap(Stored::changedBy),
					row.flatMap(Stored::changedAt));
		}

	}

	/** A row of {@code alert_detector_setting}: each present value overrides. */
	private record Stored(Optional<Boolean> enabled, Optional<Severity> severity, Optional<Long> threshold,
			Optional<Duration> window, Optional<Long> rowsThreshold, Optional<Duration> rowsWindow,
			Optional<String> changedBy, Optional<Instant> changedAt) {

		static final Stored NONE = new Stored(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

		RuleSettings over(RuleSettings configured) {
			return new RuleSettings(this.enabled.orElse(configured.enabled()),
					this.severity.orElse(configured.severity()), or(this.threshold, configured.threshold()),
					or(this.window, configured.window()), or(this.rowsThreshold, configured.rowsThreshold()),
					or(this.rowsWindow, configured.rowsWindow()));
		}

		/** This row with the settings {@code change} names taken from {@code after}. */
		Stored with(SettingsChange change, RuleSettings after, String by, Instant at) {
			return new Stored(change.enabled().isPresent() ? Optional.of(after.enabled()) : this.enabled,
					change.severity().isPresent() ? Optional.of(after.severity()) : this.severity,
					change.threshold().isPresent() ? after.threshold() : this.threshold,
					change.window().isPresent() ? after.window() : this.window,
					change.rowsThreshold().isPresent() ? after.rowsThreshold() : this.rowsThreshold,
					change.rowsWindow().isPresent() ? after.rowsWindow() : this.rowsWindow, Optional.of(by),
					Optional.of(at));
		}

		Object[] values(Rule rule) {
			return new Object[] { this.enabled.orElse(null), this.severity.map(Enum::name).orElse(null),
					this.threshold.orElse(null), this.window.map(Duration::toSeconds).orElse(null),
					this.rowsThreshold.orElse(null), this.rowsWindow.map(Duration::toSeconds).orElse(null),
					this.changedBy.orElseThrow(),
					OffsetDateTime.ofInstant(this.changedAt.orElseThrow(), ZoneOffset.UTC), rule.name() };
		}

		private static <T> Optional<T> or(Optional<T> stored, Optional<T> configured) {
			// a setting the rule does not have stays absent
			return configured.isPresent() ? stored.or(() -> configured) : configured;
		}

	}

}
