package io.countersign.server.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/**
 * Countersign's own exports of events, on the ledger as {@value #TYPE} with action
 * {@code export} and the number of rows, so alert rule D6 (bulk export by one actor) sees
 * them as it sees the exports of the systems that report to the ledger. Recorded through
 * the audit outbox, so once recorded it reaches the ledger even if the ledger is down at
 * that moment.
 */
@Component
class ExportRecords {

	static final String TYPE = "countersign_events_exported";

	private final AuditTrail trail;

	ExportRecords(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * Records an export.
	 * @param via {@code api} or {@code console}
	 * @param filter the query as the caller gave it
	 * @param continued a further page of an export already recorded (D6 counts its rows,
	 * not another export)
	 * @param complete false when the export broke off (the client went away)
	 */
	void record(Caller caller, String via, String format, long rows, Map<String, String> filter, boolean continued,
			boolean complete) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("via", via);
		details.put("format", format);
		details.put("rows", rows);
		details.put("filter", filter);
		if (continued) {
			details.put("continued", true);
		}
		details.put("complete", complete);
		// which token or session: Countersign records the event, the caller is its actor
		details.put("credential", EventsController.submitter(caller).credential());
		this.trail.record(EventDraft.of(TYPE, caller.actor())
			.withAction("export")
			.withResource(new Resource("ledger", "events"))
			.withOutcome(complete ? Outcome.SUCCESS : Outcome.FAILURE,
					complete ? Optional.empty() : Optional.of("the export broke off"))
			.withDetails(details));
	}

}
