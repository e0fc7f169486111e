package io.countersign.server.alert.internal.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.LedgerFeed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What detectors see of a leaf: every member the contract names, read from the canonical
 * JSON as logged, details as Jackson reads them; and never the engine's own alert events.
 */
class ObservationTest {

	@Test
	void detectorsSeeTheMembersOfTheLeaf() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("rows", 12000L);
		details.put("tables", List.of("a", "b"));
		details.put("nested", Map.of("ok", true));
		details.put("none", null);
		Event event = new Event(Event.newId(), Instant.parse("2026-12-07T01:02:03.456Z"), "data.export",
				new Actor("ivan", "user"), Optional.of("export"), Optional.of(new Resource("table", "people")),
				Outcome.FAILURE, Optional.of("too many"),
				Optional.of(new Source(Optional.of("203.0.113.7"), Optional.of("curl/8"))), Map.of("x", "y"), details,
				Event.newNonce(), Optional.of(new Submitter("ivan", "token:t")));

		ObservedEvent seen = Observation.of(new LedgerFeed.Entry(41, event.leaf()));

		assertThat(seen.index()).isEqualTo(41);
		assertThat(seen.time()).isEqualTo(event.ts());
		assertThat(seen.type()).isEqualTo("data.export");
		assertThat(seen.actorId()).isEqualTo("ivan");
		assertThat(seen.actorType()).isEqualTo("user");
		assertThat(seen.action()).hasValue("export");
		assertThat(seen.resourceType()).hasValue("table");
		assertThat(seen.resourceId()).hasValue("people");
		assertThat(seen.outcome()).isEqualTo("failure");
		assertThat(seen.sourceIp()).hasValue("203.0.113.7");
		assertThat(((Number) seen.details().get("rows")).longValue()).isEqualTo(12000L);
		assertThat(seen.details().get("tables")).isEqualTo(List.of("a", "b"));
		assertThat(seen.details().get("nested")).isEqualTo(Map.of("ok", true));
		assertThat(seen.details()).containsKey("none").containsEntry("none", null);
		assertThat(seen.links()).isEqualTo(Map.of("x", "y"));
		assertThat(Observation.shown(seen)).isTrue();
	}

	@Test
	void anEventWithoutOptionalMembersHasThemEmpty() {
		Event event = new Event(Event.newId(), Instant.parse("2026-12-07T01:02:03Z"), "alert_raised",
				new Actor("countersign", "system"), Optional.empty(), Optional.empty(), Outcome.SUCCESS,
				Optional.empty(), Optional.empty(), Map.of(), Map.of(), Event.newNonce());

		ObservedEvent seen = Observation.of(new LedgerFeed.Entry(0, event.leaf()));

		assertThat(seen.action()).isEmpty();
		assertThat(seen.resourceType()).isEmpty();
		assertThat(seen.sourceIp()).isEmpty();
		assertThat(seen.details()).isEmpty();
		assertThat(seen.links()).isEmpty();
		// the engine's own events are never shown to detectors
		assertThat(Observation.shown(seen)).isFalse();
	}

}
