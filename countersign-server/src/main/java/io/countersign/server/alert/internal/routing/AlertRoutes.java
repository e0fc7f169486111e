package io.countersign.server.alert.internal.routing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.server.alert.Severity;
import io.countersign.server.notification.AlertRecipients;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code alert_route} table: one row per severity, set by an administrator or, until
 * then, standing for the configured default roles.
 */
@Repository
class AlertRoutes {

	private final JdbcClient jdbc;

	private final RoutingProperties properties;

	AlertRoutes(JdbcClient jdbc, RoutingProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** The route of every severity, lowest first, as it applies now. */
	Map<Severity, Route> all() {
		Map<Severity, Route> routes = new EnumMap<>(Severity.class);
		for (Severity severity : Severity.values()) {
			routes.put(severity, defaultRoute(severity));
		}
		this.jdbc.sql("SELECT * FROM alert_route WHERE updated_at IS NOT NULL")
			.query(AlertRoutes::route)
			.list()
			.forEach((route) -> {
				routes.put(route.severity(), route);
			});
		return routes;
	}

	Route routeFor(Severity severity) {
		return this.jdbc.sql("SELECT * FROM alert_route WHERE severity = ? AND updated_at IS NOT NULL")
			.param(severity.name())
			.query(AlertRoutes::route)
			.optional()
			.orElseGet(() -> defaultRoute(severity));
	}

	/** When and by whom the routes were last set, if ever. */
	Optional<Map.Entry<Instant, String>> lastChange() {
		return this.jdbc
			.sql("SELECT updated_at, updated_by FROM alert_route WHERE updated_at IS NOT NULL ORDER BY updated_at DESC")
			.query((rs, row) -> Map.entry(rs.getTimestamp(1).toInstant(), rs.getString(2)))
			.list()
			.stream()
			.findFirst();
	}

	/**
	 * Replaces every route; call in the transaction that records the change. The rows
	 * exist from the migration on, so concurrent changes queue on their row locks.
	 */
	void replace(Collection<Route> routes, Instant now, String by) {
		for (Route route : routes) {
			AlertRecipients escalation = route.escalation().map(Route.Escalation::to).orElse(AlertRecipients.none());
			this.jdbc.sql("""
					UPDATE alert_route SET channels = ?, roles = ?, accounts = ?, escalate_after_s = ?,
					    escalation_channels = ?, escalation_roles = ?, escalation_accounts = ?, updated_at = ?,
					    updated_by = ?
					WHERE severity = ?
					""")
				.params(joined(route.recipients().channels()), joined(route.recipients().roles()),
						joined(route.recipients().accounts()),
						route.escalation().map((value) -> value.after().toSeconds()).orElse(null),
						joined(escalation.channels()), joined(escalation.roles()), joined(escalation.accounts()),
						OffsetDateTime.ofInstant(now, ZoneOffset.UTC), by, route.severity().name())
				.update();
		}
	}

	private Route defaultRoute(Severity severity) {
		return new Route(severity, new AlertRecipients(Set.of(), Set.copyOf(this.properties.defaultRoles()), Set.of()),
				Optional.empty(), false);
	}

	private static Route route(ResultSet rs, int row) throws SQLException {
		long after = rs.getLong("escalate_after_s");
		Optional<Route.Escalation> escalation = rs.wasNull() ? Optional.empty()
				: Optional.of(new Route.Escalation(Duration.ofSeconds(after),
						new AlertRecipients(split(rs.getString("escalation_channels")),
								split(rs.getString("escalation_roles")), split(rs.getString("escalation_accounts")))));
		return new Route(Severity.valueOf(rs.getString("severity")),
				new AlertRecipients(split(rs.getString("channels")), split(rs.getString("roles")),
						split(rs.getString("accounts"))),
				escalation, true);
	}

	private static String joined(Set<String> names) {
		return String.join(",", new TreeSet<>(names));
	}

	private static Set<String> split(String joined) {
		return joined.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(joined.split(",")));
	}

}
