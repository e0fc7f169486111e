package io.countersign.server.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;

/**
 * What a retention sweep deleted in one transaction, as the ledger records it
 * (docs/decisions/031): operational rows that only served delivery, never evidence, yet
 * an auditor can see when they went and how many.
 *
 * @param table the table the rows were deleted from
 * @param rows how many rows the transaction deleted, at least one
 * @param olderThan the cutoff: every row deleted was older than it and in a final state
 * @param retention the configured age the cutoff was worked out from
 */
public record RowsPurged(String table, int rows, Instant olderThan, Duration retention) {

	/** The ledger event type of a purge. */
	public static final String TYPE = "countersign_rows_purged";

	private static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	public RowsPurged {
		if (rows < 1) {
			throw new IllegalArgumentException("a purge that deleted nothing is not recorded");
		}
	}

	/** The event to record in the transaction that deleted the rows. */
	public EventDraft draft() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("table", this.table);
		details.put("rows", this.rows);
		details.put("olderThan", this.olderThan.toString());
		details.put("retention", this.retention.toString());
		return EventDraft.of(TYPE, SYSTEM)
			.withAction("purge")
			.withResource(new Resource("table", this.table))
			.withDetails(details);
	}

}
