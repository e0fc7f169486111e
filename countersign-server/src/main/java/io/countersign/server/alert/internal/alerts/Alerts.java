package io.countersign.server.alert.internal.alerts;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.alert.AlertClosed;
import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts and their steps. A finding opens an alert or adds a hit to the open one of its
 * rule and subject; acknowledging and resolving need a reason. Every step publishes its
 * event and, except an added hit, writes its ledger event in the caller's transaction.
 */
@Service
public class Alerts {

	/** The ledger event of an opened alert. */
	public static final String RAISED = "alert_raised";

	public static final String ACKNOWLEDGED = "alert_acknowledged";

	public static final String RESOLVED = "alert_resolved";

	/** The resource type of alert events. */
	public static final String RESOURCE = "alert";

	static final int MAX_REASON = 1000;

	private static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	private final AlertStore store;

	private final AuditTrail trail;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Alerts(AlertStore store, AuditTrail trail, ApplicationEventPublisher events, TransactionTemplate transactions,
			Clock clock) {
		this.store = store;
		this.trail = trail;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Stores a detector's finding on {@code event}; call inside the detection
	 * transaction. An added hit is not written to the ledger: its evidence already is,
	 * and the alert shows it.
	 */
	public AlertRaised record(Finding finding, String title, ObservedEvent event) {
		Optional<Alert> open = this.store.latestUnresolved(finding.rule(), finding.subject())
			.filter((alert) -> alert.gathers(event.time()));
		if (open.isPresent()) {
			Alert hit = open.get().withHit(finding, event.time());
			if (this.store.addHit(hit)) {
				return publish(hit, finding);
			}
		}
		Alert opened = Alert.open(UUID.randomUUID().toString(), finding, title, event.time(), event.index());
		this.store.insert(opened);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("rule", opened.rule());
		details.put("severity", opened.severity().name());
		details.put("subject", opened.subject());
		details.put("summary", opened.summary());
		details.put("evidence", finding.evidence());
		this.trail.record(EventDraft.of(RAISED, SYSTEM)
			.withAction("raise")
			.withResource(new Resource(RESOURCE, opened.id()))
			.withDetails(details));
		return publish(opened, finding);
	}

	private AlertRaised publish(Alert alert, Finding finding) {
		AlertRaised raised = new AlertRaised(alert.id(), alert.rule(), alert.title(), alert.severity(), alert.subject(),
				finding.summary(), alert.firstSeen(), alert.lastSeen(), alert.hits(), finding.evidence());
		this.events.publishEvent(raised);
		return raised;
	}

	public Optional<Alert> find(String id) {
		return this.store.find(id);
	}

	/** A page of alerts, newest first, after the alert {@code after} when given. */
	public List<Alert> page(AlertFilter filter, Optional<String> after, int limit) {
		Optional<Alert> cursor = after.map((id) -> this.store.find(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_INVALID_CURSOR, "no alert " + id)));
		return this.store.page(filter, cursor, limit);
	}

	public Alert acknowledge(Caller caller, String id, String reason) {
		return close(caller, id, reason, ACKNOWLEDGED);
	}

	public Alert resolve(Caller caller, String id, String reason) {
		return close(caller, id, reason, RESOLVED);
	}

	private Alert close(Caller caller, String id, String reason, String type) {
		String why = reason(reason);
		return this.transactions.execute((status) -> {
			Alert alert = this.store.find(id)
				.orElseThrow(() -> new CountersignException(ErrorCode.ERR_ALERT_NOT_FOUND, "No alert " + id + "."));
			// to the millisecond, as the column keeps it: the answer equals what is read
			// back
			Closing closing = new Closing(caller.username(), this.clock.instant().truncatedTo(ChronoUnit.MILLIS), why);
			Alert closed = type.equals(ACKNOWLEDGED) ? alert.acknowledge(closing) : alert.resolve(closing);
			if (!this.store.close(closed, alert.state())) {
				// someone else moved it between the read and the update
				throw new CountersignException(ErrorCode.ERR_ALERT_STATE_TRANSITION,
						"Alert " + id + " changed meanwhile; read it again.");
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("rule", alert.rule());
			details.put("subject", alert.subject());
			details.put("from", alert.state().name());
			details.put("state", closed.state().name());
			this.trail.record(EventDraft.of(type, caller.actor())
				.withAction(type.equals(ACKNOWLEDGED) ? "acknowledge" : "resolve")
				.withResource(new Resource(RESOURCE, id))
				.withOutcome(io.countersign.ledger.event.Outcome.SUCCESS, Optional.of(why))
				.withDetails(details));
			this.events.publishEvent(new AlertClosed(id, closed.state().name(), caller.username(), why, closing.at()));
			return closed;
		});
	}

	private static String reason(String reason) {
		String stripped = (reason != null) ? reason.strip() : "";
		if (stripped.isEmpty() || stripped.length() > MAX_REASON) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"reason: say why, in 1 to " + MAX_REASON + " characters");
		}
		return stripped;
	}

}
