package io.countersign.ledger.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.countersign.ledger.json.CanonicalObject;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;

/**
 * One audit event: the envelope whose canonical JSON bytes are a ledger leaf.
 *
 * <p>
 * {@code ts} is kept to the millisecond; an empty {@link Source} is treated as absent.
 * {@code submitter} is absent only in leaves written before it was introduced.
 */
public record Event(String id, Instant ts, String type, Actor actor, Optional<String> action,
		Optional<Resource> resource, Outcome outcome, Optional<String> reason, Optional<Source> source,
		Map<String, String> links, Map<String, Object> details, String nonce, Optional<Submitter> submitter) {

	public Event {
		Envelope.requireText("id", id);
		Objects.requireNonNull(ts, "ts");
		ts = ts.truncatedTo(ChronoUnit.MILLIS);
		Envelope.requireText("type", type);
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(reason, "reason");
		source = Objects.requireNonNull(source, "source").filter((present) -> !present.isEmpty());
		links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
		links.forEach((name, value) -> Objects.requireNonNull(value, "links." + name));
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
		Envelope.requireText("nonce", nonce);
		Objects.requireNonNull(submitter, "submitter");
	}

	/** An event without a submitter, as leaves were written before it existed. */
	public Event(String id, Instant ts, String type, Actor actor, Optional<String> action, Optional<Resource> resource,
			Outcome outcome, Optional<String> reason, Optional<Source> source, Map<String, String> links,
			Map<String, Object> details, String nonce) {
		this(id, ts, type, actor, action, resource, outcome, reason, source, links, details, nonce, Optional.empty());
	}

	/** The same event, as handed in by {@code submitter}. */
	public Event withSubmitter(Submitter submitter) {
		return new Event(this.id, this.ts, this.type, this.actor, this.action, this.resource, this.outcome, this.reason,
				this.source, this.links, this.details, this.nonce, Optional.of(submitter));
	}

	/** The leaf: RFC 8785 canonical JSON of the envelope, absent members omitted. */
	public byte[] leaf() {
		// members in canonical (sorted) order, written directly: this runs for every
		// appended event; CanonicalObject refuses any other order
		CanonicalObject leaf = new CanonicalObject(640);
		this.action.ifPresent((value) -> leaf.string("action", value));
		leaf.object("actor").string("id", this.actor.id()).string("type", this.actor.type()).end();
		if (!this.details.isEmpty()) {
			leaf.value("details", this.details);
		}
		leaf.string("id", this.id);
		if (!this.links.isEmpty()) {
			leaf.value("links", this.links);
		}
		leaf.string("nonce", this.nonce);
		leaf.string("outcome", this.outcome.wire());
		this.reason.ifPresent((value) -> leaf.string("reason", value));
		this.resource
			.ifPresent((value) -> leaf.object("resource").string("id", value.id()).string("type", value.type()).end());
		this.source.ifPresent((value) -> {
			leaf.object("source");
			value.ip().ifPresent((ip) -> leaf.string("ip", ip));
			value.userAgent().ifPresent((agent) -> leaf.string("user_agent", agent));
			leaf.end();
		});
		this.submitter.ifPresent((value) -> leaf.object("submitter")
			.string("account", value.account())
			.string("credential", value.credential())
			.end());
		leaf.string("ts", Envelope.formatTimestamp(this.ts));
		leaf.string("type", this.type);
		return leaf.toBytes();
	}

	/**
	 * Reads an envelope back from leaf bytes; does not check that they are canonical
	 * (compare {@link #leaf()} for that).
	 * @throws JsonException when the bytes are not JSON
	 * @throws IllegalArgumentException when the JSON is not an envelope
	 */
	public static Event fromLeaf(byte[] leaf) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(leaf))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("a leaf must be UTF-8", ex);
		}
		return fromJson(text);
	}

	private static Event fromJson(String text) {
		if (!(Json.parse(text) instanceof Map<?, ?> parsed)) {
			throw new IllegalArgumentException("a leaf must be a JSON object");
		}
		Map<String, Object> envelope = new LinkedHashMap<>();
		parsed.forEach((name, value) -> envelope.put((String) name, value));
		Envelope.onlyMembers(envelope, "the envelope", Envelope.MEMBERS);
		Map<String, Object> actor = Envelope.object(envelope, "actor");
		Envelope.onlyMembers(actor, "actor", Set.of("id", "type"));
		Optional<Resource> resource = Envelope.optionalObject(envelope, "resource").map((object) -> {
			Envelope.onlyMembers(object, "resource", Set.of("type", "id"));
			return new Resource(Envelope.text(object, "type"), Envelope.text(object, "id"));
		});
		Optional<Source> source = Envelope.optionalObject(envelope, "source").map((object) -> {
			Envelope.onlyMembers(object, "source", Set.of("ip", "user_agent"));
			return new Source(Envelope.optionalText(object, "ip"), Envelope.optionalText(object, "user_agent"));
		});
		Optional<Submitter> submitter = Envelope.optionalObject(envelope, "submitter").map((object) -> {
			Envelope.onlyMembers(object, "submitter", Set.of("account", "credential"));
			return new Submitter(Envelope.text(object, "account"), Envelope.text(object, "credential"));
		});
		Map<String, String> links = new LinkedHashMap<>();
		Envelope.optionalObject(envelope, "links")
			.ifPresent((object) -> object.keySet().forEach((name) -> links.put(name, Envelope.text(object, name))));
		String outcome = Envelope.text(envelope, "outcome");
		return new Event(Envelope.text(envelope, "id"), Envelope.parseTimestamp(Envelope.text(envelope, "ts")),
				Envelope.text(envelope, "type"), new Actor(Envelope.text(actor, "id"), Envelope.text(actor, "type")),
				Envelope.optionalText(envelope, "action"), resource,
				Outcome.parse(outcome)
					.orElseThrow(() -> new IllegalArgumentException("unknown outcome \"" + outcome + "\"")),
				Envelope.optionalText(envelope, "reason"), source, links,
				Envelope.optionalObject(envelope, "details").orElse(Map.of()), Envelope.text(envelope, "nonce"),
				submitter);
	}

	/** 128 random bits, standard base64 with padding. */
	public static String newNonce() {
		byte[] bits = new byte[16];
		StripedSecureRandom.nextBytes(bits);
		return Base64.getEncoder().encodeToString(bits);
	}

	// RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, 74 random bits, variant 10.
	public static String newId() {
		long millis = System.currentTimeMillis();
		long random = StripedSecureRandom.nextLong();
		long randA = StripedSecureRandom.nextLong() & 0xFFF;
		long randB = random & 0x3FFFFFFFFFFFFFFFL;
		long most = (millis << 16) | (0x7L << 12) | randA;
		long least = (0x2L << 62) | randB;
		return new UUID(most, least).toString();
	}

}
