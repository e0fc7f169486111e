package io.countersign.server.alert.internal.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.LedgerFeed;
import io.countersign.server.audit.ReservedEvents;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the engine shows a ledger entry to detectors: the members of the leaf they see,
 * read in one streaming pass (id, nonce, reason and submitter are skipped, not built);
 * details as Jackson reads them, when a detector first looks at them
 * ({@link LeafDetails}). The engine spends most of its time here, so it does not build
 * the whole envelope.
 */
final class Observation {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Observation() {
	}

	/**
	 * The event a leaf holds.
	 * @throws IllegalStateException when the leaf is not an event envelope (the ledger
	 * accepted nothing else: verification names such an entry)
	 */
	static ObservedEvent of(LedgerFeed.Entry entry) {
		String type = null;
		Instant time = null;
		String actorType = null;
		String actorId = null;
		Optional<String> action = Optional.empty();
		Optional<String> resourceType = Optional.empty();
		Optional<String> resourceId = Optional.empty();
		String outcome = null;
		Optional<String> sourceIp = Optional.empty();
		Map<String, Object> details = Map.of();
		Map<String, String> links = Map.of();
		try (JsonParser parser = JSON.createParser(entry.leaf())) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, entry);
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String member = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (member) {
					case "type" -> type = parser.getString();
					case "ts" -> time = Instant.parse(parser.getString());
					case "action" -> action = Optional.of(parser.getString());
					case "outcome" -> outcome = parser.getString();
					case "details" -> {
						parser.skipChildren();
						details = new LeafDetails(JSON, entry.leaf());
					}
					case "links" -> {
						// few and short (approval_id, rule_id): D7 tells an approved
						// grant by them
						expect(value, JsonToken.START_OBJECT, entry);
						Map<String, String> read = new HashMap<>();
						while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
							String name = parser.currentName();
							parser.nextToken();
							read.put(name, parser.getString());
						}
						links = read;
					}
					case "actor", "resource", "source" -> {
						expect(value, JsonToken.START_OBJECT, entry);
						while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
							String inner = member + "." + parser.currentName();
							parser.nextToken();
							switch (inner) {
								case "actor.id" -> actorId = parser.getString();
								case "actor.type" -> actorType = parser.getString();
								case "resource.type" -> resourceType = Optional.of(parser.getString());
								case "resource.id" -> resourceId = Optional.of(parser.getString());
								case "source.ip" -> sourceIp = Optional.of(parser.getString());
								default -> parser.skipChildren();
							}
						}
					}
					default -> parser.skipChildren();
				}
			}
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			throw new IllegalStateException("ledger entry " + entry.index() + " is not an event envelope", ex);
		}
		if (type == null || time == null || actorId == null || actorType == null || outcome == null) {
			throw new IllegalStateException("ledger entry " + entry.index() + " lacks a member of the envelope");
		}
		return new ObservedEvent(entry.index(), time, type, actorType, actorId, action, resourceType, resourceId,
				outcome, sourceIp, details, links);
	}

	private static void expect(JsonToken token, JsonToken expected, LedgerFeed.Entry entry) {
		if (token != expected) {
			throw new IllegalStateException("ledger entry " + entry.index() + " is not an event envelope");
		}
	}

	/**
	 * Whether detectors see the event: not the engine's own {@code alert_} events (only
	 * Countersign may write that namespace), or an alert would feed detection that raises
	 * alerts, without end.
	 */
	static boolean shown(ObservedEvent event) {
		return !ReservedEvents.namespaceOf(event.type()).filter("alert_"::equals).isPresent();
	}

}
