package io.countersign.server.alert.internal.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.notification.AlertNotice;
import io.countersign.server.notification.AlertNotices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Escalates alerts nobody acknowledged in time, on every instance every
 * {@code countersign.alerts.routing.poll-interval}: one transaction claims the due rows
 * ({@code FOR UPDATE SKIP LOCKED}), writes the escalation route's notices, records
 * {@code alert_escalated} on the ledger and marks the rows, so each alert escalates once
 * however many instances poll, and a crash before the commit leaves it due.
 */
@Service
class EscalatingAlerts {

	/** The ledger event of an escalation. */
	static final String ESCALATED = "alert_escalated";

	private static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	private static final Logger log = LoggerFactory.getLogger(EscalatingAlerts.class);

	private final AlertRoutings routings;

	private final AlertRoutes routes;

	private final AlertNotices notices;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final RoutingProperties properties;

	private final Clock clock;

	EscalatingAlerts(AlertRoutings routings, AlertRoutes routes, AlertNotices notices, AuditTrail trail,
			TransactionTemplate transaction, RoutingProperties properties, Clock clock) {
		this.routings = routings;
		this.routes = routes;
		this.notices = notices;
		this.trail = trail;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${countersign.alerts.routing.poll-interval:5s}",
			initialDelayString = "${countersign.alerts.routing.poll-interval:5s}")
	void scheduled() {
		try {
			escalateDue();
		}
		catch (RuntimeException ex) {
			// nothing was marked: the escalations stay due for the next round
			log.warn("Escalating due alerts failed; they stay due", ex);
		}
	}

	/** Escalates what is due now; answers how many alerts it escalated. */
	int escalateDue() {
		Integer escalated = this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			List<RoutedAlert> due = this.routings.claimDue(now, this.properties.batch());
			int count = 0;
			for (RoutedAlert alert : due) {
				Route route = this.routes.routeFor(alert.severity());
				if (route.escalation().isEmpty()) {
					// the severity stopped escalating after the alert was opened
					this.routings.cancelled(alert.alertId());
					continue;
				}
				Route.Escalation escalation = route.escalation().get();
				int written = this.notices.write(notice(alert), escalation.to());
				this.routings.escalated(alert.alertId(), now);
				record(alert, escalation, written);
				count++;
			}
			return count;
		});
		return (escalated != null) ? escalated : 0;
	}

	private void record(RoutedAlert alert, Route.Escalation escalation, int written) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("rule", alert.rule());
		details.put("severity", alert.severity().name());
		details.put("subject", alert.subject());
		details.put("unacknowledgedFor", escalation.after().toString());
		details.put("route", RouteJson.recipients(escalation.to()));
		details.put("notices", written);
		this.trail.record(EventDraft.of(ESCALATED, SYSTEM)
			.withAction("escalate")
			.withResource(new Resource("alert", alert.alertId()))
			.withDetails(details));
	}

	private static AlertNotice notice(RoutedAlert alert) {
		return new AlertNotice(AlertNotice.ESCALATED, alert.alertId(), alert.rule(), alert.title(),
				alert.severity().name(), alert.subject(), alert.summary(), alert.firstSeen(), alert.lastSeen(),
				alert.hits(), alert.evidence(), "escalated");
	}

}
