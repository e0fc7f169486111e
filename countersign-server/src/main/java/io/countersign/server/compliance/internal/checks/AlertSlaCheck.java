package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.server.alert.AlertResponses;
import io.countersign.server.alert.AlertResponses.SevereAlerts;
import io.countersign.server.alert.Severity;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.internal.ComplianceProperties;

import org.springframework.stereotype.Component;

/**
 * Alerts routed and acknowledged within their SLA: the routes of high and critical alerts
 * name someone (a channel, role or account), and every high or critical alert of the
 * period was acknowledged (or resolved) within
 * {@code countersign.compliance.alert-ack-sla} of its first hit. An alert still within
 * the SLA counts for neither. No alert in the period passes: nothing was left unanswered.
 */
@Component
class AlertSlaCheck implements Check {

	static final String ID = "alert-sla";

	private static final Set<Severity> SEVERE = EnumSet.of(Severity.HIGH, Severity.CRITICAL);

	private final AlertResponses alerts;

	private final Duration sla;

	AlertSlaCheck(AlertResponses alerts, ComplianceProperties properties) {
		this.alerts = alerts;
		this.sla = properties.alertAckSla();
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		Set<Severity> unrouted = EnumSet.noneOf(Severity.class);
		unrouted.addAll(this.alerts.unrouted());
		unrouted.retainAll(SEVERE);
		SevereAlerts severe = this.alerts.severeAlerts(context.periodStart(), context.now(), this.sla);
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("ackSla", this.sla.toString());
		facts.put("unroutedSeverities", unrouted.stream().map(Severity::name).toList());
		facts.put("highOrCriticalAlerts", severe.total());
		facts.put("acknowledgedWithinSla", severe.answeredInTime());
		facts.put("awaitingWithinSla", severe.awaiting());
		facts.put("late", severe.lateCount());
		facts.put("lateAlerts", severe.late());
		if (!unrouted.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"Alerts of severity " + unrouted.stream().map(Severity::name).collect(Collectors.joining(", "))
							+ " are routed to nobody: their route names no channel, role or account.",
					facts);
		}
		if (severe.lateCount() > 0) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					severe.lateCount() + " of " + severe.total() + " high or critical alerts in the last "
							+ context.periodDays() + " days were not acknowledged within " + this.sla + ": "
							+ String.join(", ", severe.late())
							+ ((severe.lateCount() > severe.late().size()) ? ", …" : "") + ".",
					facts);
		}
		return Results.of(ID, context, CheckOutcome.PASSED,
				"High and critical alerts are routed, and all " + severe.answeredInTime() + " answered of the last "
						+ context.periodDays() + " days were acknowledged within " + this.sla
						+ ((severe.awaiting() > 0) ? " (" + severe.awaiting() + " still within it)" : "") + ".",
				facts);
	}

}
