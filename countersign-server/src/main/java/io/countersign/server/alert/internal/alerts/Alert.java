package io.countersign.server.alert.internal.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * One alert: a rule's hits on one subject, gathered while they keep coming.
 *
 * @param id the alert's id
 * @param rule the detector's rule
 * @param title what the rule detects
 * @param severity the highest severity of its hits
 * @param subject what it is about ({@code account:ivan})
 * @param state open, acknowledged or resolved
 * @param summary the latest hit's sentence
 * @param firstSeen the event time of the first hit
 * @param lastSeen the event time of the latest hit
 * @param hits how many hits it gathered
 * @param evidence the ledger entries its hits cite
 * @param openedIndex the ledger index of the event that opened it
 * @param acknowledged who acknowledged it, if anyone
 * @param resolved who resolved it, if anyone
 */
public record Alert(String id, String rule, String title, Severity severity, String subject, AlertState state,
		String summary, Instant firstSeen, Instant lastSeen, long hits, CitedEntries evidence, long openedIndex,
		Optional<Closing> acknowledged, Optional<Closing> resolved) {

	/** A hit this long after the last one (in event time) opens a new alert. */
	public static final Duration GATHERING = Duration.ofMinutes(60);

	/** The alert a first hit opens, at the time of the event that completed it. */
	public static Alert open(String id, Finding finding, String title, Instant at, long index) {
		return new Alert(id, finding.rule(), title, finding.severity(), finding.subject(), AlertState.OPEN,
				finding.summary(), at, at, 1, CitedEntries.of(finding.evidence()), index, Optional.empty(),
				Optional.empty());
	}

	/**
	 * Whether a hit at {@code at} is added to this alert rather than opening a new one.
	 */
	public boolean gathers(Instant at) {
		return this.state != AlertState.RESOLVED && !at.isAfter(this.lastSeen.plus(GATHERING));
	}

	/** This alert with one more hit. */
	public Alert withHit(Finding finding, Instant at) {
		Severity highest = (finding.severity().compareTo(this.severity) > 0) ? finding.severity() : this.severity;
		Instant last = at.isAfter(this.lastSeen) ? at : this.lastSeen;
		return new Alert(this.id, this.rule, this.title, highest, this.subject, this.state, finding.summary(),
				this.firstSeen, last, this.hits + 1, this.evidence.with(finding.evidence()), this.openedIndex,
				this.acknowledged, this.resolved);
	}

	/** Someone is on it: only an open alert is acknowledged. */
	public Alert acknowledge(Closing by) {
		if (this.state != AlertState.OPEN) {
			throw refused("acknowledge", "only an open alert is acknowledged");
		}
		return new Alert(this.id, this.rule, this.title, this.severity, this.subject, AlertState.ACKNOWLEDGED,
				this.summary, this.firstSeen, this.lastSeen, this.hits, this.evidence, this.openedIndex,
				Optional.of(by), this.resolved);
	}

	/** Closed: an open or acknowledged alert is resolved, once. */
	public Alert resolve(Closing by) {
		if (this.state == AlertState.RESOLVED) {
			throw refused("resolve", "it is resolved already");
		}
		return new Alert(this.id, this.rule, this.title, this.severity, this.subject, AlertState.RESOLVED, this.summary,
				this.firstSeen, this.lastSeen, this.hits, this.evidence, this.openedIndex, this.acknowledged,
				Optional.of(by));
	}

	private CountersignException refused(String step, String why) {
		return new CountersignException(ErrorCode.ERR_ALERT_STATE_TRANSITION,
				"Cannot " + step + " alert " + this.id + ", which is " + this.state + ": " + why + ".");
	}

}
