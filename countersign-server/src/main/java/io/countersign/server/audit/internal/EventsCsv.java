package io.countersign.server.audit.internal;

import java.util.HexFormat;
import java.util.List;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;

/**
 * Events as RFC 4180 CSV, safe to open in a spreadsheet and exact for scripts. Every cell
 * is quoted. A spreadsheet runs a cell as a formula when it starts with {@code = + - @},
 * tab or carriage return, and locales that split on semicolons start a new cell after
 * each {@code ;} (OWASP "CSV Injection"): there an apostrophe is put in front. An
 * apostrophe in those places gets one too, so that removing one apostrophe at the start
 * and after each {@code ;} gives back exactly the stored text. Hashes are hex, which
 * never starts a formula and so is never altered.
 */
final class EventsCsv {

	static final String HEADER = "index,id,ts,type,actor_id,actor_type,action,resource_type,resource_id,outcome,"
			+ "reason,source_ip,leaf_hash,submitter_account,submitter_credential";

	/** The characters neutralised at the start of a cell and after a semicolon. */
	private static final String FORMULA_STARTS = "=+-@\t\r'";

	private EventsCsv() {
	}

	static String write(List<CheckedEvent> events) {
		StringBuilder csv = new StringBuilder();
		row(csv, HEADER.split(","));
		for (CheckedEvent checked : events) {
			row(csv, checked);
		}
		return csv.toString();
	}

	/** One event's line, CRLF included. */
	static String row(CheckedEvent checked) {
		StringBuilder csv = new StringBuilder();
		row(csv, checked);
		return csv.toString();
	}

	private static void row(StringBuilder csv, CheckedEvent checked) {
		Event event = checked.event();
		row(csv, Long.toString(checked.index()), event.id(), event.ts().toString(), event.type(), event.actor().id(),
				event.actor().type(), event.action().orElse(""), event.resource().map(Resource::type).orElse(""),
				event.resource().map(Resource::id).orElse(""), event.outcome().wire(), event.reason().orElse(""),
				event.source().flatMap(Source::ip).orElse(""), HexFormat.of().formatHex(checked.leafHash().bytes()),
				event.submitter().map(Submitter::account).orElse(""),
				event.submitter().map(Submitter::credential).orElse(""));
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
		StringBuilder cell = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((i == 0 || value.charAt(i - 1) == ';') && FORMULA_STARTS.indexOf(c) >= 0) {
				cell.append('\'');
			}
			if (c == '"') {
				cell.append('"');
			}
			cell.append(c);
		}
		return cell.append('"').toString();
	}

}
