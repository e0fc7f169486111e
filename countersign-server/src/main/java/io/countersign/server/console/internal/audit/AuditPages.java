package io.countersign.server.console.internal.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.countersign.server.audit.AuditReading;
import io.countersign.server.audit.AuditReading.EventsFilter;
import io.countersign.server.audit.AuditReading.EventsPage;
import io.countersign.server.audit.AuditReading.SignedCheckpoint;
import io.countersign.server.audit.AuditReading.StoredEntry;
import io.countersign.server.console.internal.ConsoleNavigation;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.RequiresPermission;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log viewer: the ledger's events, filtered and keyset-paged as
 * {@code GET /api/v1/events} pages them, exports with the API's CSV rules, and each entry
 * with what the browser needs to check its inclusion (proof.js).
 */
@Controller
@ConsolePage
class AuditPages {

	static final int PAGE_SIZE = 100;

	/** An export without a start covers this much. */
	static final Duration DEFAULT_EXPORT = Duration.ofDays(30);

	private static final int ACTOR_SUGGESTIONS = 20;

	private final AuditReading ledger;

	private final Clock clock;

	AuditPages(AuditReading ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@RequiresPermission(ConsoleNavigation.EVENTS_READ)
	@GetMapping("/ui/audit")
	String timeline(@AuthenticationPrincipal Caller caller, Filter filter,
			@RequestParam(required = false) String cursor, Model model) {
		EventsPage page = this.ledger.events(caller, filter.toQuery(PAGE_SIZE, Optional.empty()),
				Optional.ofNullable(cursor).filter((text) -> !text.isEmpty()));
		model.addAttribute("filter", filter);
		model.addAttribute("outcomes", Filter.OUTCOMES);
		model.addAttribute("oldest", filter.oldestFirst());
		model.addAttribute("page", page);
		model.addAttribute("continued", cursor != null && !cursor.isEmpty());
		model.addAttribute("firstPage", link("/ui/audit", filter.parameters()));
		page.next().ifPresent((next) -> {
			Map<String, String> parameters = new LinkedHashMap<>(filter.parameters());
			parameters.put("cursor", next);
			model.addAttribute("nextPage", link("/ui/audit", parameters));
		});
		model.addAttribute("exportCsv", link("/ui/audit/export", withFormat(filter, "csv")));
		model.addAttribute("exportJson", link("/ui/audit/export", withFormat(filter, "json")));
		return "console/audit/timeline";
	}

	/** The known actors starting with what was typed: options for the actor field. */
	@RequiresPermission(ConsoleNavigation.EVENTS_READ)
	@GetMapping("/ui/audit/actors")
	String actors(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "") String actor, Model model) {
		String prefix = (actor.length() > 64) ? actor.substring(0, 64) : actor;
		// an agent reads only its own events, and learns no other actor's name here
		List<String> actors = caller.limitedToOwn(ConsoleNavigation.EVENTS_READ) ? List.of(caller.username())
				: this.ledger.actorsStartingWith(prefix, ACTOR_SUGGESTIONS);
		model.addAttribute("actors", actors);
		return "console/audit/actors :: options";
	}

	@RequiresPermission(ConsoleNavigation.EVENTS_READ)
	@GetMapping("/ui/audit/export")
	void export(@AuthenticationPrincipal Caller caller, Filter filter,
			@RequestParam(defaultValue = "csv") String format, HttpServletResponse response) throws IOException {
		Instant now = this.clock.instant();
		EventsFilter query = filter.toQuery(1000, Optional.of(now.minus(DEFAULT_EXPORT)));
		if (!"csv".equals(format) && !"json".equals(format)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "format must be csv or json");
		}
		response.setContentType("csv".equals(format) ? "text/csv;charset=UTF-8" : "application/json");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"countersign-events-" + now.getEpochSecond() + "." + format + "\"");
		this.ledger.export(caller, query, format, response.getOutputStream());
	}

	@RequiresPermission(ConsoleNavigation.EVENTS_READ)
	@GetMapping("/ui/audit/entries/{index}")
	String entry(@AuthenticationPrincipal Caller caller, @PathVariable String index, Model model) {
		long number = parseIndex(index);
		StoredEntry entry = this.ledger.storedEntry(caller, number)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_ENTRY_NOT_FOUND, "no ledger entry " + number));
		Base64.Encoder base64 = Base64.getEncoder();
		model.addAttribute("entry", entry);
		model.addAttribute("leafText", new String(entry.leaf(), StandardCharsets.UTF_8));
		model.addAttribute("leafBase64", base64.encodeToString(entry.leaf()));
		model.addAttribute("storedLeafHash", HexFormat.of().formatHex(entry.storedLeafHash()));
		model.addAttribute("verifierKey", this.ledger.verifierKey());
		Optional<SignedCheckpoint> checkpoint = this.ledger.latestCheckpoint()
			.filter((signed) -> signed.size() > number);
		model.addAttribute("checkpoint", checkpoint.orElse(null));
		checkpoint.ifPresent((signed) -> {
			model.addAttribute("noteBase64", base64.encodeToString(signed.note().getBytes(StandardCharsets.UTF_8)));
			model.addAttribute("path",
					this.ledger.inclusionProof(number, signed.size())
						.stream()
						.map(base64::encodeToString)
						.collect(Collectors.joining(" ")));
		});
		return "console/audit/entry";
	}

	private static long parseIndex(String index) {
		try {
			long number = Long.parseLong(index);
			if (number >= 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new CountersignException(ErrorCode.ERR_VALIDATION, "the entry index must be a whole number >= 0");
	}

	private static Map<String, String> withFormat(Filter filter, String format) {
		Map<String, String> parameters = new LinkedHashMap<>(filter.parameters());
		parameters.put("format", format);
		return parameters;
	}

	private static String link(String path, Map<String, String> parameters) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
		parameters.forEach(builder::queryParam);
		return builder.encode().build().toUriString();
	}

	/**
	 * The viewer's filter, as it stands in the URL (so a view can be bookmarked): dates
	 * are whole UTC days, {@code to} inclusive.
	 */
	record Filter(String from, String to, String actor, String type, String resourceType, String resourceId,
			String outcome, String order) {

		static final List<String> OUTCOMES = List.of("success", "failure", "denied", "error");

		boolean oldestFirst() {
			return "oldest".equals(this.order);
		}

		EventsFilter toQuery(int limit, Optional<Instant> defaultFrom) {
			Optional<Instant> start = day("from", this.from).map((day) -> day.atStartOfDay().toInstant(ZoneOffset.UTC));
			Optional<Instant> end = day("to", this.to)
				.map((day) -> day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
			Optional<String> outcomeFilter = given(this.outcome);
			if (outcomeFilter.isPresent() && !OUTCOMES.contains(outcomeFilter.get())) {
				throw new CountersignException(ErrorCode.ERR_VALIDATION,
						"outcome must be one of success, failure, denied, error");
			}
			return new EventsFilter(given(this.actor), given(this.type), Optional.empty(), given(this.resourceType),
					given(this.resourceId), outcomeFilter, start.or(() -> defaultFrom), end, !oldestFirst(), limit);
		}

		/** The filter's non-empty parameters, for links that keep it. */
		Map<String, String> parameters() {
			Map<String, String> parameters = new LinkedHashMap<>();
			put(parameters, "from", this.from);
			put(parameters, "to", this.to);
			put(parameters, "actor", this.actor);
			put(parameters, "type", this.type);
			put(parameters, "resourceType", this.resourceType);
			put(parameters, "resourceId", this.resourceId);
			put(parameters, "outcome", this.outcome);
			if (oldestFirst()) {
				parameters.put("order", "oldest");
			}
			return parameters;
		}

		private static void put(Map<String, String> parameters, String name, String value) {
			given(value).ifPresent((text) -> parameters.put(name, text));
		}

		private static Optional<String> given(String value) {
			return Optional.ofNullable(value).map(String::strip).filter((text) -> !text.isEmpty());
		}

		private static Optional<LocalDate> day(String name, String value) {
			return given(value).map((text) -> {
				try {
					return LocalDate.parse(text);
				}
				catch (DateTimeParseException ex) {
					throw new CountersignException(ErrorCode.ERR_VALIDATION, name + " must be a date (YYYY-MM-DD)");
				}
			});
		}

	}

}
