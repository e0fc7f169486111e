package io.countersign.server.alert.internal.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.People;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.alert.Severity;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.notification.AlertNotices;
import io.countersign.server.notification.AlertRecipients;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Setting the alert routes: the whole table at once, checked against the channels, roles
 * and accounts that exist, and recorded on the ledger ({@code alert_route_changed}) in
 * the transaction that stores it. Nothing is stored when any part is refused.
 */
@Service
class ManagingRoutes {

	static final String CHANGED = "alert_route_changed";

	static final int MAX_NAMES = 50;

	private static final Duration MIN_ESCALATE_AFTER = Duration.ofSeconds(1);

	private final AlertRoutes routes;

	private final AlertNotices notices;

	private final RoleHolders roles;

	private final People people;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final RoutingProperties properties;

	private final Clock clock;

	ManagingRoutes(AlertRoutes routes, AlertNotices notices, RoleHolders roles, People people, AuditTrail trail,
			TransactionTemplate transaction, RoutingProperties properties, Clock clock) {
		this.routes = routes;
		this.notices = notices;
		this.roles = roles;
		this.people = people;
		this.trail = trail;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	/** One severity's route as asked for, unchecked; absent lists are empty. */
	record RouteInput(List<String> channels, List<String> roles, List<String> accounts, EscalationInput escalation) {

	}

	/** An escalation as asked for: {@code after} is an ISO-8601 duration. */
	record EscalationInput(String after, List<String> channels, List<String> roles, List<String> accounts) {

	}

	/**
	 * Replaces the routes: a severity left out of {@code input} notifies nobody (the
	 * configured default applies only until routes are first set).
	 */
	Map<Severity, Route> replace(Caller caller, Map<String, RouteInput> input) {
		if (input == null) {
			throw invalid("routes: is required, an object by severity (LOW, MEDIUM, HIGH, CRITICAL)");
		}
		Map<Severity, RouteInput> bySeverity = new LinkedHashMap<>();
		input.forEach((name, route) -> bySeverity.put(severity(name), route));
		return this.transaction.execute((status) -> {
			List<Route> checked = new ArrayList<>();
			for (Severity severity : Severity.values()) {
				checked.add(check(severity, Optional.ofNullable(bySeverity.get(severity))));
			}
			Instant now = this.clock.instant();
			this.routes.replace(checked, now, caller.username());
			Map<String, Object> details = new LinkedHashMap<>();
			for (Route route : checked) {
				details.put(route.severity().name(), RouteJson.route(route));
			}
			this.trail.record(EventDraft.of(CHANGED, caller.actor())
				.withAction("change")
				.withResource(new Resource("alert_routes", "routes"))
				.withDetails(details));
			return this.routes.all();
		});
	}

	private Route check(Severity severity, Optional<RouteInput> input) {
		if (input.isEmpty()) {
			return new Route(severity, AlertRecipients.none(), Optional.empty(), true);
		}
		String where = "routes." + severity.name();
		AlertRecipients first = recipients(where, input.get().channels(), input.get().roles(), input.get().accounts());
		Optional<Route.Escalation> escalation = Optional.empty();
		EscalationInput second = input.get().escalation();
		if (second != null) {
			Duration after = after(where + ".escalation.after", second.after());
			AlertRecipients to = recipients(where + ".escalation", second.channels(), second.roles(),
					second.accounts());
			if (to.isEmpty()) {
				throw invalid(where + ".escalation: names no channel, role or account to escalate to");
			}
			escalation = Optional.of(new Route.Escalation(after, to));
		}
		return new Route(severity, first, escalation, true);
	}

	private AlertRecipients recipients(String where, List<String> channels, List<String> roleNames,
			List<String> accounts) {
		Set<String> channelIds = names(where + ".channels", channels);
		Set<String> unknownChannels = this.notices.unknownChannels(channelIds);
		if (!unknownChannels.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_CHANNEL,
					where + ".channels: no active notification channel " + String.join(", ", unknownChannels));
		}
		Set<String> roleSet = names(where + ".roles", roleNames);
		Set<String> unknownRoles = this.roles.unknown(roleSet);
		if (!unknownRoles.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_RECIPIENT,
					where + ".roles: no role " + String.join(", ", unknownRoles));
		}
		Set<String> accountSet = names(where + ".accounts", accounts);
		for (String account : accountSet) {
			if (this.people.personOf(account).isEmpty()) {
				throw new CountersignException(ErrorCode.ERR_UNKNOWN_RECIPIENT,
						where + ".accounts: no account " + account + " (or a service account without an owner)");
			}
		}
		return new AlertRecipients(channelIds, roleSet, accountSet);
	}

	private Duration after(String where, String text) {
		if (text == null) {
			throw new CountersignException(ErrorCode.ERR_INVALID_DURATION,
					where + ": is required, an ISO-8601 duration such as PT15M");
		}
		Duration after;
		try {
			after = Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new CountersignException(ErrorCode.ERR_INVALID_DURATION,
					where + ": '" + text + "' is not an ISO-8601 duration such as PT15M");
		}
		if (after.compareTo(MIN_ESCALATE_AFTER) < 0 || after.compareTo(this.properties.maxEscalateAfter()) > 0) {
			throw new CountersignException(ErrorCode.ERR_INVALID_DURATION, where + ": must be from "
					+ MIN_ESCALATE_AFTER + " to " + this.properties.maxEscalateAfter() + ", not " + after);
		}
		return after;
	}

	private static Set<String> names(String where, List<String> names) {
		if (names == null) {
			return Set.of();
		}
		if (names.size() > MAX_NAMES) {
			throw invalid(where + ": at most " + MAX_NAMES + " names");
		}
		Set<String> set = new TreeSet<>();
		for (String name : names) {
			// names are kept comma-separated; no channel id, role or account name has one
			if (name == null || name.isBlank() || name.length() > 100 || name.contains(",")) {
				throw invalid(where + ": '" + name + "' is not a name");
			}
			set.add(name);
		}
		return set;
	}

	private static Severity severity(String name) {
		try {
			return Severity.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("routes: unknown severity '" + name + "' (LOW, MEDIUM, HIGH, CRITICAL)");
		}
	}

	private static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
