package io.countersign.server.notification.internal;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.notification.internal.inbox.Inbox;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention of notification rows on PostgreSQL. */
@Import(MutableClock.Configuration.class)
class NotificationRetentionTest extends PostgresApplicationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PurgingNotificationRows purging;

	@Autowired
	Inbox inbox;

	@Autowired
	MutableClock clock;

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void deletesOnlyOldRowsInAFinalState() {
		contract().deletesOnlyOldRowsInAFinalState();
	}

	@Test
	void deletesMoreRowsThanOneChunkTakes() {
		contract().deletesMoreRowsThanOneChunkTakes();
	}

	// two instances share one PostgreSQL database; the embedded H2 serves one
	@Test
	void sweepsAtOnceDeleteEachRowOnce() throws Exception {
		contract().sweepsAtOnceDeleteEachRowOnce();
	}

	@Test
	void recordsNothingWhenNothingIsOldEnough() {
		contract().recordsNothingWhenNothingIsOldEnough();
	}

	@Test
	void anApprovedRequestSettlesTheDecidersPromptsButNotTheInitiatorsNotice() {
		contract().anApprovedRequestSettlesTheDecidersPromptsButNotTheInitiatorsNotice(
				new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)), this.book, this.transaction);
	}

	@Test
	void deletesUnreadItemsOnlyOnceTheirRequestEnded() {
		contract().deletesUnreadItemsOnlyOnceTheirRequestEnded(
				new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)), this.book, this.transaction);
	}

	private NotificationRetentionContract contract() {
		return new NotificationRetentionContract(this.jdbc, this.purging, this.inbox, this.clock.instant(),
				this::purgeEvents);
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
