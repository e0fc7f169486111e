package io.countersign.server.audit.internal;

import java.util.List;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;

/**
 * Events as RFC 4180 CSV for spreadsheets. A cell that a spreadsheet would run as a
 * formula (leading {@code = + - @}, tab or carriage return) gets a leading apostrophe
 * (OWASP "CSV Injection").
 */
final class EventsCsv {

	static final String HEADER = "index,id,ts,type,actor_id,actor_type,action,resource_type,resource_id,outcome,"
			+ "reason,source_ip,leaf_hash,submitter_account,submitter_credential";

	private EventsCsv() {
	}

	static String write(List<CheckedEvent> events) {
		StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
		for (CheckedEvent checked : events) {
			Event event = checked.event();
			row(csv, Long.toString(checked.index()), event.id(), event.ts().toString(), event.type(),
					event.actor().id(), event.actor().type(), event.action().orElse(""),
					event.resource().map(Resource::type).orElse(""), event.resource().map(Resource::id).orElse(""),
					event.outcome().wire(), event.reason().orElse(""), event.source().flatMap(Source::ip).orElse(""),
					checked.leafHash().base64(), event.submitter().map(Submitter::account).orElse(""),
					event.submitter().map(Submitter::credential).orElse(""));
		}
		return csv.toString();
	}

	private static void row(StringBuilder csv, String... cells) {
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				csv.append(',');
			}
			csv.append(cell(cells[i]));
		}
		csv.append("\r\n");
	}

	static String cell(String value) {
		String safe = value;
		if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
			safe = "'" + safe;
		}
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			safe = "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

}
