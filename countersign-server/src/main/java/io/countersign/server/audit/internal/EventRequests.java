package io.countersign.server.audit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * Reads the body of {@code POST /api/v1/events} strictly: one event object or an array of
 * up to {@link #MAX_BATCH}, known members only, each of the right JSON type. Messages
 * name the member by its path ({@code [2].actor.id}).
 */
final class EventRequests {

	static final int MAX_BATCH = 1000;

	private static final Set<String> MEMBERS = Set.of("type", "actor", "action", "resource", "outcome", "reason",
			"source", "links", "details");

	private EventRequests() {
	}

	/** The drafts in the body; {@code batch} tells whether the body was an array. */
	record Parsed(List<EventDraft> drafts, boolean batch) {

	}

	/**
	 * The drafts in {@code body}, each handed in by {@code submitter} (the authenticated
	 * caller: a body cannot name one).
	 */
	static Parsed parse(String body, Submitter submitter) {
		Object root;
		try {
			root = Json.parse(body);
		}
		catch (JsonException ex) {
			throw new CountersignException(ErrorCode.ERR_MALFORMED_JSON, "the body is not JSON: " + ex.getMessage());
		}
		if (root instanceof List<?> array) {
			if (array.isEmpty()) {
				throw EventRules.invalid("the array holds no events");
			}
			if (array.size() > MAX_BATCH) {
				throw new CountersignException(ErrorCode.ERR_BATCH_TOO_LARGE,
						"a batch holds at most " + MAX_BATCH + " events, not " + array.size());
			}
			List<EventDraft> drafts = new java.util.ArrayList<>(array.size());
			for (int i = 0; i < array.size(); i++) {
				drafts.add(event(object(array.get(i), "[" + i + "]"), "[" + i + "].", submitter));
			}
			return new Parsed(drafts, true);
		}
		if (root instanceof Map<?, ?>) {
			return new Parsed(List.of(event(object(root, "the body"), "", submitter)), false);
		}
		throw EventRules.invalid("the body must be an event object or an array of event objects");
	}

	private static EventDraft event(Map<String, Object> json, String path, Submitter submitter) {
		if (json.containsKey("submitter")) {
			throw EventRules.reserved(path + "submitter is set by Countersign from the credential; leave it out");
		}
		only(json, path, MEMBERS);
		String type = required(json, path, "type");
		Map<String, Object> actorJson = object(
				member(json, path, "actor").orElseThrow(() -> EventRules.invalid(path + "actor is required")),
				path + "actor");
		only(actorJson, path + "actor.", Set.of("id", "type"));
		Actor actor = new Actor(required(actorJson, path + "actor.", "id"),
				required(actorJson, path + "actor.", "type"));
		Optional<String> action = optional(json, path, "action");
		Optional<Resource> resource = member(json, path, "resource").map((value) -> {
			Map<String, Object> object = object(value, path + "resource");
			only(object, path + "resource.", Set.of("type", "id"));
			return new Resource(required(object, path + "resource.", "type"),
					required(object, path + "resource.", "id"));
		});
		Outcome outcome = optional(json, path, "outcome")
			.map((wire) -> Outcome.parse(wire)
				.orElseThrow(() -> EventRules.invalid(path + "outcome must be one of success, failure, denied, error")))
			.orElse(Outcome.SUCCESS);
		Optional<String> reason = optional(json, path, "reason");
		Optional<Source> source = member(json, path, "source").map((value) -> {
			Map<String, Object> object = object(value, path + "source");
			only(object, path + "source.", Set.of("ip", "user_agent"));
			return new Source(optional(object, path + "source.", "ip"),
					optional(object, path + "source.", "user_agent"));
		});
		Map<String, String> links = new LinkedHashMap<>();
		member(json, path, "links").ifPresent((value) -> {
			Map<String, Object> object = object(value, path + "links");
			object.keySet().forEach((name) -> links.put(name, required(object, path + "links.", name)));
		});
		Map<String, Object> details = member(json, path, "details").map((value) -> object(value, path + "details"))
			.orElse(Map.of());
		return new EventDraft(type, actor, action, resource, outcome, reason, source, links, details, submitter);
	}

	private static Optional<Object> member(Map<String, Object> json, String path, String name) {
		if (!json.containsKey(name)) {
			return Optional.empty();
		}
		Object value = json.get(name);
		if (value == null) {
			throw EventRules.invalid(path + name + " must not be null; leave it out instead");
		}
		return Optional.of(value);
	}

	private static String required(Map<String, Object> json, String path, String name) {
		return optional(json, path, name).orElseThrow(() -> EventRules.invalid(path + name + " is required"));
	}

	private static Optional<String> optional(Map<String, Object> json, String path, String name) {
		return member(json, path, name).map((value) -> {
			if (!(value instanceof String text)) {
				throw EventRules.invalid(path + name + " must be a string");
			}
			if (text.isEmpty()) {
				throw EventRules.invalid(path + name + " must not be empty");
			}
			return text;
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object value, String path) {
		if (!(value instanceof Map<?, ?>)) {
			throw EventRules.invalid(path + " must be a JSON object");
		}
		return (Map<String, Object>) value;
	}

	private static void only(Map<String, Object> json, String path, Set<String> allowed) {
		for (String name : json.keySet()) {
			if (!allowed.contains(name)) {
				throw EventRules.invalid(path + name + " is not a known member");
			}
		}
	}

}
