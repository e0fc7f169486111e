package io.countersign.server.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Whether alerts reach someone and how soon they were answered: what the compliance check
 * {@code alert-sla} reads (docs/compliance.md#alert-sla).
 */
public interface AlertResponses {

	/**
	 * The high and critical alerts first seen from {@code from} up to {@code now}, each
	 * measured against {@code sla}: answered (acknowledged, or resolved without an
	 * acknowledgement) within the SLA of its first hit, still within it, or late.
	 */
	SevereAlerts severeAlerts(Instant from, Instant now, Duration sla);

	/**
	 * The severities whose route, as it applies now, names no channel, role or account:
	 * their alerts reach nobody.
	 */
	Set<Severity> unrouted();

	/**
	 * High and critical alerts of a period.
	 *
	 * @param total how many
	 * @param answeredInTime acknowledged (or resolved) within the SLA
	 * @param awaiting not answered yet, but still within the SLA
	 * @param late answered after the SLA or not at all past it: the first ones, each
	 * described
	 * @param lateCount how many were late
	 */
	record SevereAlerts(long total, long answeredInTime, long awaiting, List<String> late, long lateCount) {

		public SevereAlerts {
			late = List.copyOf(late);
		}

	}

}
