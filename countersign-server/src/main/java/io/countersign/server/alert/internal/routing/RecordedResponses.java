package io.countersign.server.alert.internal.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.countersign.server.alert.AlertResponses;
import io.countersign.server.alert.Severity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link AlertResponses} from the {@code alert} table and the routes as they apply now.
 * An alert's SLA runs from its first hit; resolving it without acknowledging it answers
 * it too.
 */
@Component
class RecordedResponses implements AlertResponses {

	// enough to name in an explanation; the count says how many more
	private static final int LATE_LISTED = 20;

	private final JdbcClient jdbc;

	private final AlertRoutes routes;

	RecordedResponses(JdbcClient jdbc, AlertRoutes routes) {
		this.jdbc = jdbc;
		this.routes = routes;
	}

	@Override
	public SevereAlerts severeAlerts(Instant from, Instant now, Duration sla) {
		long[] counts = new long[4];
		List<String> late = new ArrayList<>();
		this.jdbc.sql("""
				SELECT id, severity, first_seen, COALESCE(acknowledged_at, resolved_at) AS answered FROM alert
				WHERE severity IN ('HIGH', 'CRITICAL') AND first_seen >= ? AND first_seen <= ?
				ORDER BY first_seen, id
				""").params(utc(from), utc(now)).query((rs) -> {
			Instant first = rs.getObject("first_seen", OffsetDateTime.class).toInstant();
			OffsetDateTime answeredAt = rs.getObject("answered", OffsetDateTime.class);
			Instant due = first.plus(sla);
			counts[0]++;
			if (answeredAt != null && !answeredAt.toInstant().isAfter(due)) {
				counts[1]++;
			}
			else if (answeredAt == null && !now.isAfter(due)) {
				counts[2]++;
			}
			else {
				counts[3]++;
				if (late.size() < LATE_LISTED) {
					late.add(rs.getString("id") + " (" + rs.getString("severity") + ", first seen " + first + ", "
							+ ((answeredAt != null) ? "acknowledged " + answeredAt.toInstant() : "not acknowledged")
							+ ")");
				}
			}
		});
		return new SevereAlerts(counts[0], counts[1], counts[2], late, counts[3]);
	}

	@Override
	public Set<Severity> unrouted() {
		Set<Severity> unrouted = EnumSet.noneOf(Severity.class);
		this.routes.all().forEach((severity, route) -> {
			if (route.recipients().isEmpty()) {
				unrouted.add(severity);
			}
		});
		return unrouted;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
