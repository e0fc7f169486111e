package io.countersign.server.audit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/events}: append events, and query them back.
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events", description = "Append audit events and query them")
class EventsController {

	/** The largest request body read; a full batch of typical events is far below it. */
	static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

	static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	static final Set<String> QUERY_PARAMETERS = Set.of("actor", "type", "action", "resourceType", "resourceId",
			"outcome", "from", "to", "order", "limit", "cursor", "format");

	/**
	 * An RFC 3339 time whose {@code +} offset arrived as a space, as it does when the
	 * query string was not URL-encoded ({@code +} means a space there).
	 */
	private static final Pattern UNENCODED_PLUS = Pattern
		.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?) (\\d{2}:\\d{2})");

	private final AuditLog auditLog;

	private final LedgerReader reader;

	private final ExportRecords exports;

	EventsController(AuditLog auditLog, LedgerReader reader, ExportRecords exports) {
		this.auditLog = auditLog;
		this.reader = reader;
		this.exports = exports;
	}

	/**
	 * The query as given, for the record of an export; the cursor and format left out.
	 */
	private static Map<String, String> filterOf(HttpServletRequest request) {
		Map<String, String> filter = new TreeMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.equals("cursor") && !name.equals("format") && values.length > 0) {
				filter.put(name, values[0]);
			}
		});
		return filter;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Append one event, or an array of up to 1000 (all or none)",
			description = "Answers 201 once the events are committed, with the index, leaf hash and id of each. "
					+ "Each leaf names the caller as its submitter. Countersign's own event types, the system "
					+ "actor and a submitter member are refused: 403 ERR_RESERVED_EVENT.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					description = "One event, or an array of up to 1000; at most 8 MiB",
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(oneOf = { NewEvent.class, NewEvent[].class }),
							examples = @ExampleObject(name = "one event",
									value = "{\"type\":\"SECRET_ROTATED\",\"actor\":{\"id\":\"alice\",\"type\":\"user\"},"
											+ "\"action\":\"rotate\",\"resource\":{\"type\":\"secret\",\"id\":\"prod/db\"}}"))))
	@ApiResponse(responseCode = "201", description = "The receipt of the event, or an array of receipts for an array",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(oneOf = { Receipt.class, Receipt[].class })))
	@RequiresPermission("events:append")
	void append(@AuthenticationPrincipal Caller caller, InputStream body, HttpServletResponse response)
			throws IOException {
		EventRequests.Parsed parsed = EventRequests.parse(utf8(readCapped(body)), submitter(caller));
		OwnEvents.checkAppend(caller, parsed.drafts());
		byte[] json = parsed.batch() ? Receipt.json(this.auditLog.appendAll(parsed.drafts()))
				: Receipt.json(this.auditLog.append(parsed.drafts().get(0)));
		JsonAnswer.write(response, HttpStatus.CREATED.value(), json);
	}

	@GetMapping(produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@Operation(summary = "Query events, newest first by default, one page at a time",
			description = "Filters combine with AND. Times are RFC 3339; the range is [from, to). "
					+ "Follow `next` (or the Countersign-Next-Cursor header for CSV) for the next page.")
	@RequiresPermission("events:read")
	ResponseEntity<?> events(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> actor,
			@RequestParam Optional<String> type, @RequestParam Optional<String> action,
			@RequestParam Optional<String> resourceType, @RequestParam Optional<String> resourceId,
			@Parameter(description = "success, failure, denied or error") @RequestParam Optional<String> outcome,
			@Parameter(description = "RFC 3339, inclusive") @RequestParam Optional<String> from,
			@Parameter(description = "RFC 3339, exclusive") @RequestParam Optional<String> to,
			@Parameter(description = "newest (default) or oldest") @RequestParam Optional<String> order,
			@Parameter(description = "1..1000, default 100") @RequestParam Optional<String> limit,
			@Parameter(description = "the `next` value of the previous page") @RequestParam Optional<String> cursor,
			@Parameter(description = "json (default) or csv") @RequestParam Optional<String> format,
			HttpServletRequest request) {
		QueryParameters.only(request, QUERY_PARAMETERS);
		Optional<Instant> fromTime = time("from", from);
		Optional<Instant> toTime = time("to", to);
		if (fromTime.isPresent() && toTime.isPresent() && fromTime.get().isAfter(toTime.get())) {
			throw new CountersignException(ErrorCode.ERR_INVALID_RANGE, "from must not be after to");
		}
		outcome.ifPresent((value) -> Outcome.parse(value)
			.orElseThrow(() -> EventRules.invalid("outcome must be one of success, failure, denied, error")));
		boolean newestFirst = switch (order.orElse("newest")) {
			case "newest" -> true;
			case "oldest" -> false;
			default -> throw EventRules.invalid("order must be newest or oldest");
		};
		boolean csv = switch (format.orElse("json")) {
			case "json" -> false;
			case "csv" -> true;
			default -> throw EventRules.invalid("format must be json or csv");
		};
		EventQuery query = new EventQuery(OwnEvents.actorFilter(caller, filter("actor", actor)), filter("type", type),
				filter("action", action), filter("resourceType", resourceType), filter("resourceId", resourceId),
				outcome, fromTime, toTime, newestFirst, limit(limit), Optional.empty());
		EventPage page = this.reader.events(query, filter("cursor", cursor));
		if (csv) {
			// recorded before the rows leave: no export without its record (an empty page
			// exports nothing); a page after the first continues the same export
			if (!page.events().isEmpty()) {
				this.exports.record(caller, "api", "csv", page.events().size(), filterOf(request), cursor.isPresent(),
						true);
			}
			ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(TEXT_CSV);
			page.next().ifPresent((next) -> response.header("Countersign-Next-Cursor", next));
			return response.body(EventsCsv.write(page.events()));
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Page(page.events().stream().map(Item::of).toList(), page.next()));
	}

	/**
	 * The caller as the leaf names its submitter: the account and the credential it
	 * authenticated with, by id ({@code token:<id>}, {@code session:<id>}).
	 */
	static Submitter submitter(Caller caller) {
		Caller.Credential credential = caller.credential();
		return new Submitter(caller.username(),
				credential.method().name().toLowerCase(Locale.ROOT) + ":" + credential.id());
	}

	private static byte[] readCapped(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
		if (bytes.length > MAX_BODY_BYTES) {
			ErrorCode code = new String(bytes, 0, 64, StandardCharsets.ISO_8859_1).strip().startsWith("[")
					? ErrorCode.ERR_BATCH_TOO_LARGE : ErrorCode.ERR_EVENT_TOO_LARGE;
			throw new CountersignException(code,
					"the request body is larger than " + MAX_BODY_BYTES + " bytes (8 MiB)");
		}
		return bytes;
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new CountersignException(ErrorCode.ERR_MALFORMED_JSON, "the body is not UTF-8");
		}
	}

	private static Optional<String> filter(String name, Optional<String> value) {
		if (value.isPresent() && value.get().isEmpty()) {
			throw EventRules.invalid(name + " must not be empty");
		}
		return value;
	}

	private static Optional<Instant> time(String name, Optional<String> value) {
		return filter(name, value).map((text) -> {
			Matcher plus = UNENCODED_PLUS.matcher(text);
			String time = plus.matches() ? plus.group(1) + "+" + plus.group(2) : text;
			try {
				return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
			}
			catch (DateTimeException ex) {
				throw EventRules.invalid(name + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z "
						+ "(a + in an offset must be sent URL-encoded, as %2B)");
			}
		});
	}

	private static int limit(Optional<String> value) {
		if (filter("limit", value).isEmpty()) {
			return 100;
		}
		try {
			int limit = Integer.parseInt(value.get());
			if (limit >= 1 && limit <= 1000) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw EventRules.invalid("limit must be a whole number from 1 to 1000");
	}

	/** Where an appended event landed (its shape, for the OpenAPI document). */
	record Receipt(long index, String leafHash, String id) {

		/**
		 * {@code {"index":…,"leafHash":"…","id":"…"}}, as Jackson would write the record.
		 */
		static byte[] json(Appended appended) {
			return write(new StringBuilder(128), appended).toString().getBytes(StandardCharsets.US_ASCII);
		}

		/** An array of receipts, in order. */
		static byte[] json(List<Appended> appended) {
			StringBuilder json = new StringBuilder(2 + 128 * appended.size()).append('[');
			for (int i = 0; i < appended.size(); i++) {
				write((i == 0) ? json : json.append(','), appended.get(i));
			}
			return json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
		}

		// Nothing here needs escaping: a number, base64 and a UUID the ledger generated.
		private static StringBuilder write(StringBuilder json, Appended appended) {
			return json.append("{\"index\":")
				.append(appended.index())
				.append(",\"leafHash\":\"")
				.append(appended.leafHash().base64())
				.append("\",\"id\":\"")
				.append(appended.id())
				.append("\"}");
		}

	}

	/** One event of a page: the leaf's JSON exactly as stored. */
	record Item(long index, String leafHash, @JsonRawValue String event) {

		static Item of(CheckedEvent checked) {
			return new Item(checked.index(), checked.leafHash().base64(), checked.json());
		}

	}

	record Page(List<Item> events, Optional<String> next) {

	}

}
