package io.countersign.server.alert.internal.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.alert.AlertClosed;
import io.countersign.server.alert.AlertRaised;
import io.countersign.server.notification.AlertNotice;
import io.countersign.server.notification.AlertNotices;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Routes alerts as the alert engine stores them, inside its transaction
 * (docs/decisions/021, 027): the notices, and a pending escalation, commit with the alert
 * or not at all.
 *
 * <p>
 * A new alert notifies its severity's route, and arms the escalation when that route has
 * one. Further hits on an open alert notify the route again only when the last notice is
 * at least {@code countersign.alerts.routing.renotify-after} old (the alert's own
 * deduplication window by default), and never once someone acknowledged it: a burst adds
 * hits to the alert, not messages to people's inboxes.
 */
@Component
class RoutingAlerts {

	private final AlertRoutes routes;

	private final AlertRoutings routings;

	private final AlertNotices notices;

	private final RoutingProperties properties;

	private final Clock clock;

	RoutingAlerts(AlertRoutes routes, AlertRoutings routings, AlertNotices notices, RoutingProperties properties,
			Clock clock) {
		this.routes = routes;
		this.routings = routings;
		this.notices = notices;
		this.properties = properties;
		this.clock = clock;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(AlertRaised alert) {
		Instant now = this.clock.instant();
		Route route = this.routes.routeFor(alert.severity());
		Optional<RoutedAlert> known = this.routings.lock(alert.alertId());
		if (known.isEmpty()) {
			this.routings.insert(alert, now, route.escalation().map((escalation) -> now.plus(escalation.after())));
			this.notices.write(notice(alert), route.recipients());
			return;
		}
		this.routings.update(alert);
		boolean quiet = known.get().closedAt().isPresent()
				|| known.get().notifiedAt().plus(this.properties.renotifyAfter()).isAfter(now);
		if (!quiet) {
			this.notices.write(notice(alert), route.recipients());
			this.routings.notified(alert.alertId(), now);
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(AlertClosed closed) {
		this.routings.close(closed.alertId(), closed.at());
		this.notices.settled(closed.alertId(), closed.at());
	}

	private static AlertNotice notice(AlertRaised alert) {
		return new AlertNotice(AlertNotice.RAISED, alert.alertId(), alert.rule(), alert.title(),
				alert.severity().name(), alert.subject(), alert.summary(), alert.firstSeen(), alert.lastSeen(),
				alert.count(), alert.evidence(), "raised:" + alert.count());
	}

}
