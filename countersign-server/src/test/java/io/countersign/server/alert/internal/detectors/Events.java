package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

/**
 * A synthetic ledger for detector tests: events as the access feature writes them, with
 * increasing indexes, at times the test chooses.
 */
final class Events {

	static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

	private long index = 100;

	private Instant now = START;

	/** Moves the clock on. */
	Events after(Duration duration) {
		this.now = this.now.plus(duration);
		return this;
	}

	Instant now() {
		return this.now;
	}

	/** A failed password sign-in: the name as typed is the actor. */
	ObservedEvent passwordFailure(String username, String ip) {
		return event("authn_login_fail", "user", username, Optional.of("authenticate"), Optional.empty(),
				Optional.empty(), "failure", Optional.of(ip), Map.of("method", "password"), Map.of());
	}

	/** A failed bearer token: nobody is named. */
	ObservedEvent tokenFailure(String ip) {
		return event("authn_login_fail", "anonymous", "anonymous", Optional.of("authenticate"), Optional.of("token"),
				Optional.of("t1"), "failure", Optional.of(ip), Map.of("method", "token"), Map.of());
	}

	ObservedEvent aggregated(String ip, int failures, int recordedIndividually, int usernames) {
		return event("authn_failures_aggregated", "anonymous", "anonymous", Optional.of("authenticate"),
				Optional.empty(), Optional.empty(), "failure", Optional.of(ip),
				Map.of("failures", failures, "recordedIndividually", recordedIndividually, "usernames", usernames),
				Map.of());
	}

	ObservedEvent signIn(String username, String ip) {
		return event("authn_login_success", "user", username, Optional.of("authenticate"), Optional.of("account"),
				Optional.of(username), "success", Optional.of(ip), Map.of("method", "password", "mfa", false),
				Map.of());
	}

	ObservedEvent denied(String actor) {
		return event("authz_fail", "user", actor, Optional.of("authorize"), Optional.of("endpoint"),
				Optional.of("GET /api/v1/users"), "denied", Optional.of("192.0.2.1"),
				Map.of("permission", "users:read"), Map.of());
	}

	ObservedEvent export(String actor, long rows) {
		return event("data_export", "service", actor, Optional.of("export"), Optional.of("table"),
				Optional.of("customers"), "success", Optional.empty(), Map.of("rows", rows), Map.of());
	}

	/**
	 * A further page of one export (Countersign's own CSV pages): rows, not another
	 * export.
	 */
	ObservedEvent exportContinued(String actor, long rows) {
		return event("countersign_events_exported", "user", actor, Optional.of("export"), Optional.of("ledger"),
				Optional.of("events"), "success", Optional.empty(), Map.of("rows", rows, "continued", true), Map.of());
	}

	ObservedEvent grant(String actorType, String actor, String grantee, String role, Map<String, String> links) {
		return event("authz_change", actorType, actor, Optional.of("grant"), Optional.of("account"),
				Optional.of(grantee), "success", Optional.empty(), Map.of("role", role, "change", "grant"), links);
	}

	ObservedEvent event(String type, String actorType, String actorId, Optional<String> action,
			Optional<String> resourceType, Optional<String> resourceId, String outcome, Optional<String> ip,
			Map<String, Object> details, Map<String, String> links) {
		return new ObservedEvent(this.index++, this.now, type, actorType, actorId, action, resourceType, resourceId,
				outcome, ip, details, links);
	}

	/** Every finding of {@code detector} over {@code events}, live. */
	static List<Finding> observe(Detector detector, List<ObservedEvent> events) {
		List<Finding> findings = new ArrayList<>();
		events.forEach((event) -> findings.addAll(detector.observe(event, false)));
		return findings;
	}

	/** Settings fixed by the test: the rules' defaults, changed where it says. */
	static final class Fixed implements CurrentSettings {

		private final Map<Rule, RuleSettings> settings = new EnumMap<>(Rule.class);

		private final int maxSubjects;

		Fixed() {
			this(DetectorProperties.DEFAULT_MAX_SUBJECTS);
		}

		Fixed(int maxSubjects) {
			this.maxSubjects = maxSubjects;
		}

		Fixed with(Rule rule, RuleSettings changed) {
			this.settings.put(rule, changed);
			return this;
		}

		@Override
		public RuleSettings of(Rule rule) {
			return this.settings.getOrDefault(rule, rule.defaults());
		}

		@Override
		public int maxSubjects() {
			return this.maxSubjects;
		}

	}

}
