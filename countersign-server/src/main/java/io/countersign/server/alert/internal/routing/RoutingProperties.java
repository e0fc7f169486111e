package io.countersign.server.alert.internal.routing;

import java.time.Duration;
import java.util.List;

import io.countersign.server.alert.internal.alerts.Alert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert routing settings under {@code countersign.alerts.routing} (README,
 * Configuration).
 *
 * @param pollInterval how often each instance looks for escalations that are due
 * @param defaultRoles whose holders get alerts of a severity no route was set for yet
 * @param renotifyAfter the least time between two notices of one alert that keeps
 * gathering hits (the alert's own deduplication window by default)
 * @param maxEscalateAfter the longest {@code escalateAfter} a route may set
 * @param batch the most escalations one instance claims in one transaction
 * @param retention how long the routing rows of closed alerts are kept
 * (docs/decisions/031)
 */
@ConfigurationProperties("countersign.alerts.routing")
record RoutingProperties(@DefaultValue("5s") Duration pollInterval, @DefaultValue("admin") List<String> defaultRoles,
		@DefaultValue("60m") Duration renotifyAfter, @DefaultValue("7d") Duration maxEscalateAfter,
		@DefaultValue("100") int batch, @DefaultValue Retention retention) {

	/**
	 * Retention under {@code countersign.alerts.routing.retention}.
	 *
	 * @param closedAlerts the age, since it was acknowledged or resolved and since its
	 * last hit, after which an alert's routing row is deleted
	 * @param interval how often each instance sweeps
	 */
	record Retention(@DefaultValue("30d") Duration closedAlerts, @DefaultValue("1h") Duration interval) {

		Retention {
			if (closedAlerts.compareTo(Alert.GATHERING) <= 0 || interval.isNegative() || interval.isZero()) {
				throw new IllegalArgumentException("countersign.alerts.routing.retention needs closed-alerts longer "
						+ "than an alert gathers hits (" + Alert.GATHERING + ") and a positive interval");
			}
		}

	}

	RoutingProperties {
		defaultRoles = List.copyOf(defaultRoles);
		if (pollInterval.isNegative() || pollInterval.isZero() || renotifyAfter.isNegative() || batch < 1) {
			throw new IllegalArgumentException(
					"countersign.alerts.routing needs a positive poll-interval, a renotify-after >= 0 and batch >= 1");
		}
	}

}
