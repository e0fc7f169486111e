package io.countersign.server.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.server.audit.AuditReading;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link AuditReading} over the reader the events API uses, with its access rules. */
@Component
class ReadingForPeople implements AuditReading {

	private static final Logger log = LoggerFactory.getLogger(ReadingForPeople.class);

	/** Rows read per query while exporting. */
	private static final int EXPORT_PAGE = 1000;

	private final LedgerReader reader;

	private final LedgerEntries entries;

	private final Checkpoints checkpoints;

	private final LedgerKeys keys;

	private final JdbcClient jdbc;

	private final LedgerVerifications verifications;

	private final VerificationRecords records;

	private final ExportRecords exports;

	ReadingForPeople(LedgerReader reader, LedgerEntries entries, Checkpoints checkpoints, LedgerKeys keys,
			DataSource dataSource, LedgerVerifications verifications, VerificationRecords records,
			ExportRecords exports) {
		this.exports = exports;
		this.verifications = verifications;
		this.records = records;
		this.reader = reader;
		this.entries = entries;
		this.checkpoints = checkpoints;
		this.keys = keys;
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Override
	public EventsPage events(Caller caller, EventsFilter filter, Optional<String> cursor) {
		EventPage page = this.reader.events(query(caller, filter, filter.limit()), cursor);
		return new EventsPage(page.events().stream().map(ReadingForPeople::summary).toList(), page.next());
	}

	@Override
	public List<String> actorsStartingWith(String prefix, int limit) {
		// a loose index scan over (actor_id, ts, idx): each next actor is one probe, so
		// the cost is the number of actors shown, not the number of events
		String upper = upperBound(prefix);
		List<String> actors = new ArrayList<>();
		Optional<String> last = Optional.empty();
		while (actors.size() < limit) {
			String sql = "SELECT MIN(actor_id) FROM ledger_entry WHERE actor_id " + (last.isPresent() ? ">" : ">=")
					+ " ?" + ((upper != null) ? " AND actor_id < ?" : "");
			JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param(last.orElse(prefix));
			if (upper != null) {
				statement = statement.param(upper);
			}
			Optional<String> next = statement.query(String.class).optional();
			if (next.isEmpty() || !next.get().startsWith(prefix)) {
				break;
			}
			actors.add(next.get());
			last = next;
		}
		return actors;
	}

	/** The least text above every text starting with {@code prefix}; null for none. */
	private static String upperBound(String prefix) {
		for (int i = prefix.length() - 1; i >= 0; i--) {
			char c = prefix.charAt(i);
			if (c != Character.MAX_VALUE && !Character.isSurrogate(c)) {
				return prefix.substring(0, i) + (char) (c + 1);
			}
		}
		return null;
	}

	@Override
	public void export(Caller caller, EventsFilter filter, String format, OutputStream out) throws IOException {
		boolean csv = switch (format) {
			case "csv" -> true;
			case "json" -> false;
			default -> throw EventRules.invalid("format must be csv or json");
		};
		EventQuery query = query(caller, filter, EXPORT_PAGE);
		// Recorded when it ends, with the rows that left (their number is known only
		// then), also when the client went away part of the way.
		long rows = 0;
		boolean complete = false;
		try {
			out.write((csv ? EventsCsv.write(List.of()) : "[").getBytes(StandardCharsets.UTF_8));
			Optional<String> cursor = Optional.empty();
			boolean first = true;
			do {
				EventPage page = this.reader.events(query, cursor);
				for (CheckedEvent event : page.events()) {
					// counted per event, so an export broken off says how far it got
					out.write((csv ? EventsCsv.row(event) : (first ? "\n" : ",\n") + event.json())
						.getBytes(StandardCharsets.UTF_8));
					first = false;
					rows++;
				}
				cursor = page.next();
			}
			while (cursor.isPresent());
			if (!csv) {
				out.write("\n]\n".getBytes(StandardCharsets.UTF_8));
			}
			out.flush();
			complete = true;
		}
		finally {
			recordExport(caller, format, rows, filter, complete);
		}
	}

	// After the rows left, a failure to record must not break a download that arrived
	// whole (the response is committed): it is logged. The record goes through the
	// audit outbox, so only a database that refuses that row loses it.
	private void recordExport(Caller caller, String format, long rows, EventsFilter filter, boolean complete) {
		try {
			this.exports.record(caller, "console", format, rows, filterOf(filter), false, complete);
		}
		catch (RuntimeException ex) {
			log.error("could not record on the ledger that {} exported {} events", caller.username(), rows, ex);
		}
	}

	private static Map<String, String> filterOf(EventsFilter filter) {
		Map<String, String> given = new TreeMap<>();
		filter.actor().ifPresent((actor) -> given.put("actor", actor));
		filter.type().ifPresent((type) -> given.put("type", type));
		filter.action().ifPresent((action) -> given.put("action", action));
		filter.resourceType().ifPresent((type) -> given.put("resourceType", type));
		filter.resourceId().ifPresent((id) -> given.put("resourceId", id));
		filter.outcome().ifPresent((outcome) -> given.put("outcome", outcome));
		filter.from().ifPresent((from) -> given.put("from", from.toString()));
		filter.to().ifPresent((to) -> given.put("to", to.toString()));
		given.put("order", filter.newestFirst() ? "newest" : "oldest");
		return given;
	}

	@Override
	public Optional<StoredEntry> storedEntry(Caller caller, long index) {
		return this.entries.entry(index)
			.filter((row) -> mayRead(caller, row))
			.map((row) -> new StoredEntry(row.index(), row.leaf(), row.leafHash().bytes(), row.ts()));
	}

	/**
	 * An agent sees only its own entries; a leaf that does not parse is shown to those
	 * who may read all events, who need to see the damage.
	 */
	private static boolean mayRead(Caller caller, StoredRow row) {
		try {
			return OwnEvents.mayRead(caller, Event.fromLeaf(row.leaf()).actor());
		}
		catch (RuntimeException ex) {
			return !caller.limitedToOwn(OwnEvents.READ);
		}
	}

	@Override
	public List<byte[]> inclusionProof(long index, long size) {
		return this.reader.inclusionProof(index, size).stream().map((hash) -> hash.bytes()).toList();
	}

	@Override
	public Optional<SignedCheckpoint> latestCheckpoint() {
		return this.checkpoints.latest().map((note) -> {
			Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
			return new SignedCheckpoint(note, checkpoint.size(), checkpoint.root().bytes());
		});
	}

	@Override
	public String verifierKey() {
		return this.keys.verifierKey().encoded();
	}

	@Override
	public long size() {
		return this.reader.size();
	}

	@Override
	public VerificationStatus startVerification(Caller caller) {
		return status(this.verifications.start(Optional.empty(), caller.username()), caller.username());
	}

	@Override
	public Optional<VerificationStatus> verification(String id) {
		Optional<VerificationRun> live;
		try {
			live = this.verifications.find(java.util.UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return live.map((run) -> status(run, this.records.startedBy(id).orElse(""))).or(() -> this.records.find(id));
	}

	@Override
	public Optional<VerificationStatus> lastVerification() {
		return this.records.latest().map((recorded) -> verification(recorded.id()).orElse(recorded));
	}

	private static VerificationStatus status(VerificationRun run, String startedBy) {
		return new VerificationStatus(run.id().toString(), startedBy, run.startedAt(), run.finishedAt(),
				run.state().name().toLowerCase(java.util.Locale.ROOT), run.entriesChecked(), run.entriesTotal(),
				VerificationRecords.summary(run));
	}

	private static EventQuery query(Caller caller, EventsFilter filter, int limit) {
		if (limit < 1 || limit > 1000) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "limit must be between 1 and 1000");
		}
		if (filter.from().isPresent() && filter.to().isPresent() && filter.from().get().isAfter(filter.to().get())) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE, "from must not be after to");
		}
		return new EventQuery(OwnEvents.actorFilter(caller, filter.actor()), filter.type(), filter.action(),
				filter.resourceType(), filter.resourceId(), filter.outcome(), filter.from(), filter.to(),
				filter.newestFirst(), limit, Optional.empty());
	}

	private static EventSummary summary(CheckedEvent checked) {
		Event event = checked.event();
		return new EventSummary(checked.index(), event.ts(), event.type(), event.actor().id(), event.actor().type(),
				event.action(), event.resource().map(Resource::type), event.resource().map(Resource::id),
				event.outcome().wire(), event.reason());
	}

}
