package io.countersign.server.alert.internal.routing;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention of alert routing rows on the embedded H2. */
@Import(MutableClock.Configuration.class)
class H2RoutingRetentionTest extends H2ApplicationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PurgingRoutingRows purging;

	@Autowired
	MutableClock clock;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void deletesOnlyRowsOfAlertsClosedLongAgo() {
		contract().deletesOnlyRowsOfAlertsClosedLongAgo();
	}

	@Test
	void deletesMoreRowsThanOneChunkTakes() {
		contract().deletesMoreRowsThanOneChunkTakes();
	}

	@Test
	void recordsNothingWhenNothingIsOldEnough() {
		contract().recordsNothingWhenNothingIsOldEnough();
	}

	@Test
	void closingAnAlertSettlesItsInboxItems() {
		contract().closingAnAlertSettlesItsInboxItems(this.events, this.transaction);
	}

	private RoutingRetentionContract contract() {
		return new RoutingRetentionContract(this.jdbc, this.purging, this.clock.instant(), this::purgeEvents);
	}

	private List<JsonNode> purgeEvents() {
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.get("/api/v1/events?type=countersign_rows_purged&order=oldest&limit=1000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach((item) -> events.add(item.get("event")));
		return events;
	}

}
