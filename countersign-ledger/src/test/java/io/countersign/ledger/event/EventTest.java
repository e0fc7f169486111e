package io.countersign.ledger.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.countersign.ledger.json.CanonicalJson;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.testing.RandomCase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventTest {

	// printable ASCII and the characters that must be escaped or are not ASCII
	private static final String TEXT = IntStream.rangeClosed(' ', '~')
		.mapToObj(Character::toString)
		.collect(Collectors.joining()) + "\n\u00e9\u2028";

	static Event sample() {
		return new Event("0190f5d6-3c2a-7b1e-9f00-000000000001", Instant.parse("2026-11-23T13:47:28.123456Z"),
				"POLICY_CHANGE_APPROVED", new Actor("alice", "user"), Optional.of("approve"),
				Optional.of(new Resource("policy", "p-1")), Outcome.SUCCESS, Optional.of("four eyes"),
				Optional.of(new Source(Optional.of("10.0.0.1"), Optional.of("curl/8"))), Map.of("approval_id", "a-9"),
				Map.of("count", 3L, "ratio", 4.5), "AAAAAAAAAAAAAAAAAAAAAA==");
	}

	@Test
	void leafIsTheCanonicalEnvelopeWithMillisecondUtcTimestamp() {
		String leaf = new String(sample().leaf(), StandardCharsets.UTF_8);
		assertThat(leaf).isEqualTo("{\"action\":\"approve\",\"actor\":{\"id\":\"alice\",\"type\":\"user\"},"
				+ "\"details\":{\"count\":3,\"ratio\":4.5},\"id\":\"0190f5d6-3c2a-7b1e-9f00-000000000001\","
				+ "\"links\":{\"approval_id\":\"a-9\"},\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"outcome\":\"success\","
				+ "\"reason\":\"four eyes\",\"resource\":{\"id\":\"p-1\",\"type\":\"policy\"},"
				+ "\"source\":{\"ip\":\"10.0.0.1\",\"user_agent\":\"curl/8\"},\"ts\":\"2026-11-23T13:47:28.123Z\","
				+ "\"type\":\"POLICY_CHANGE_APPROVED\"}");
	}

	// The leaf is written member by member in canonical order; it must be the bytes the
	// general canonicalizer gives for the same envelope as a map, whatever is present,
	// and it must read back as the same event.
	@Test
	void leafIsWhatCanonicalizingTheEnvelopeMapGivesAndReadsBack() {
		RandomCase.check(300, (random) -> {
			Event event = event(random);
			byte[] leaf = event.leaf();
			assertThat(leaf).isEqualTo(CanonicalJson.canonicalize(envelopeMap(event)));
			assertThat(CanonicalJson.canonicalize(Json.parse(new String(leaf, StandardCharsets.UTF_8))))
				.isEqualTo(leaf);
			assertThat(Event.fromLeaf(leaf)).isEqualTo(event);
		});
	}

	private static Event event(RandomCase random) {
		Supplier<String> text = () -> random.string(TEXT, 1, 12);
		return new Event(text.get(), Instant.ofEpochMilli(random.between(0L, 253_402_300_799_999L)), text.get(),
				new Actor(text.get(), "user"), random.optional(text),
				random.optional(() -> new Resource(text.get(), text.get())), random.oneOf(Outcome.values()),
				random.optional(text), random.optional(() -> new Source(random.optional(text), random.optional(text))),
				random.map(3, text, text),
				random.map(4, text, () -> random.oneIn(2) ? text.get() : (Object) random.between(-1000L, 1000L)),
				"bm9uY2U=", random.optional(() -> new Submitter(text.get(), text.get())));
	}

	// the envelope as the general canonicalizer takes it, absent members left out
	private static Map<String, Object> envelopeMap(Event event) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", event.id());
		envelope.put("ts",
				DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
					.withZone(ZoneOffset.UTC)
					.format(event.ts()));
		envelope.put("type", event.type());
		envelope.put("actor", Map.of("id", event.actor().id(), "type", event.actor().type()));
		event.action().ifPresent((value) -> envelope.put("action", value));
		event.resource().ifPresent((value) -> envelope.put("resource", Map.of("type", value.type(), "id", value.id())));
		envelope.put("outcome", event.outcome().wire());
		event.reason().ifPresent((value) -> envelope.put("reason", value));
		event.source().ifPresent((value) -> {
			Map<String, Object> source = new LinkedHashMap<>();
			value.ip().ifPresent((ip) -> source.put("ip", ip));
			value.userAgent().ifPresent((agent) -> source.put("user_agent", agent));
			envelope.put("source", source);
		});
		if (!event.links().isEmpty()) {
			envelope.put("links", event.links());
		}
		if (!event.details().isEmpty()) {
			envelope.put("details", event.details());
		}
		envelope.put("nonce", event.nonce());
		event.submitter()
			.ifPresent((value) -> envelope.put("submitter",
					Map.of("account", value.account(), "credential", value.credential())));
		return envelope;
	}

	@Test
	void leafRoundTripsThroughFromLeaf() {
		Event event = sample();
		Event back = Event.fromLeaf(event.leaf());
		assertThat(back.leaf()).isEqualTo(event.leaf());
		assertThat(back.ts()).isEqualTo(Instant.parse("2026-11-23T13:47:28.123Z"));
	}

	@Test
	void omitsAbsentOptionalsAndEmptyMaps() {
		Event event = new Event("id-1", Instant.parse("2026-01-01T00:00:00Z"), "authn_login_fail",
				new Actor("bob", "user"), Optional.empty(), Optional.empty(), Outcome.FAILURE, Optional.empty(),
				Optional.of(new Source(Optional.empty(), Optional.empty())), Map.of(), Map.of(), "bm9uY2U=");
		assertThat(new String(event.leaf(), StandardCharsets.UTF_8))
			.isEqualTo("{\"actor\":{\"id\":\"bob\",\"type\":\"user\"},\"id\":\"id-1\",\"nonce\":\"bm9uY2U=\","
					+ "\"outcome\":\"failure\",\"ts\":\"2026-01-01T00:00:00.000Z\",\"type\":\"authn_login_fail\"}");
		assertThat(Event.fromLeaf(event.leaf())).isEqualTo(event);
	}

	@Test
	void submitterSitsBetweenSourceAndTsAndRoundTrips() {
		Event event = sample().withSubmitter(new Submitter("alice", "token:0190f5d6-0000-7000-8000-000000000002"));

		String leaf = new String(event.leaf(), StandardCharsets.UTF_8);

		assertThat(leaf).contains("\"source\":{\"ip\":\"10.0.0.1\",\"user_agent\":\"curl/8\"},"
				+ "\"submitter\":{\"account\":\"alice\",\"credential\":\"token:0190f5d6-0000-7000-8000-000000000002\"},"
				+ "\"ts\":");
		Event back = Event.fromLeaf(event.leaf());
		assertThat(back.submitter()).isEqualTo(event.submitter());
		assertThat(back.leaf()).isEqualTo(event.leaf());
	}

	// Leaves written before the submitter existed stay valid envelopes, unchanged.
	@Test
	void leavesWithoutASubmitterStillParseAndRewriteToTheSameBytes() {
		byte[] old = sample().leaf();

		Event back = Event.fromLeaf(old);

		assertThat(back.submitter()).isEmpty();
		assertThat(back.leaf()).isEqualTo(old);
	}

	@Test
	void fromLeafRejectsAMalformedSubmitter() {
		String leaf = new String(sample().leaf(), StandardCharsets.UTF_8);
		for (String submitter : new String[] { "{\"account\":\"a\"}", "{\"credential\":\"c\"}",
				"{\"account\":\"\",\"credential\":\"c\"}", "{\"account\":\"a\",\"credential\":\"c\",\"x\":\"y\"}",
				"\"alice\"", "{\"account\":1,\"credential\":\"c\"}" }) {
			byte[] bad = leaf.replace(",\"ts\":", ",\"submitter\":" + submitter + ",\"ts\":")
				.getBytes(StandardCharsets.UTF_8);
			assertThatIllegalArgumentException().as(submitter).isThrownBy(() -> Event.fromLeaf(bad));
		}
	}

	@Test
	void fromLeafRejectsWhatIsNotAnEnvelope() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Event.fromLeaf("{".getBytes()));
		assertThatIllegalArgumentException().isThrownBy(() -> Event.fromLeaf("[]".getBytes()));
		String leaf = new String(sample().leaf(), StandardCharsets.UTF_8);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Event.fromLeaf(leaf.replace("\"success\"", "\"maybe\"").getBytes()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Event.fromLeaf(leaf.replace(".123Z", "Z").getBytes(StandardCharsets.UTF_8)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Event.fromLeaf(leaf.replace("{\"action\"", "{\"extra\":1,\"action\"").getBytes()));
		assertThatIllegalArgumentException().isThrownBy(() -> Event.fromLeaf(new byte[] { (byte) 0xff }));
	}

	@Test
	void newIdIsAUuidVersion7AndNonceHas128Bits() {
		UUID id = UUID.fromString(Event.newId());
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isCloseTo(System.currentTimeMillis(),
				org.assertj.core.data.Offset.offset(60_000L));
		assertThat(Base64.getDecoder().decode(Event.newNonce())).hasSize(16);
		assertThat(Event.newNonce()).isNotEqualTo(Event.newNonce());
	}

	@Test
	void outcomeUsesLowercaseWireNames() {
		assertThat(Outcome.DENIED.wire()).isEqualTo("denied");
		assertThat(Outcome.parse("error")).contains(Outcome.ERROR);
		assertThat(Outcome.parse("ERROR")).isEmpty();
	}

}
