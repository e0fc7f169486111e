package io.countersign.server.alert.internal.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.countersign.server.audit.PurgingOldRows;
import io.countersign.server.alert.AlertClosed;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What both databases must do when alert routing rows are purged: the rows of alerts
 * closed, and last hit, before the retention go, in chunks, each chunk recorded on the
 * ledger; open alerts, recently closed ones and ones still gathering hits stay; a sweep
 * that finds nothing records nothing.
 *
 * @param jdbc the application's database
 * @param purging the sweep under test
 * @param now the application's clock, standing still
 * @param purgeEvents the {@code countersign_rows_purged} events on the ledger, oldest
 * first
 */
record RoutingRetentionContract(JdbcClient jdbc, PurgingRoutingRows purging, Instant now,
		Supplier<List<JsonNode>> purgeEvents) {

	static final Duration AGE = Duration.ofDays(30);

	void deletesOnlyRowsOfAlertsClosedLongAgo() {
		this.purging.sweep();
		int before = this.purgeEvents.get().size();
		Instant old = this.now.minus(AGE).minusSeconds(60);
		Instant young = this.now.minus(AGE).plusSeconds(60);
		String closedLongAgo = routing(old, Optional.of(old), "cancelled");
		String open = routing(old, Optional.empty(), "pending");
		String closedRecently = routing(old, Optional.of(young), "none");
		String hitRecently = routing(young, Optional.of(old), "escalated");

		assertThat(this.purging.sweep()).isEqualTo(1);

		assertThat(alertIds()).contains(open, closedRecently, hitRecently).doesNotContain(closedLongAgo);
		List<JsonNode> recorded = awaitEvents(before, 1);
		JsonNode details = recorded.get(0).get("details");
		assertThat(details.get("table").asString()).isEqualTo("alert_routing");
		assertThat(details.get("rows").asInt()).isEqualTo(1);
		assertThat(details.get("olderThan").asString()).isEqualTo(this.now.minus(AGE).toString());
		assertThat(details.get("retention").asString()).isEqualTo(AGE.toString());
	}

	void deletesMoreRowsThanOneChunkTakes() {
		this.purging.sweep();
		int before = this.purgeEvents.get().size();
		int count = PurgingOldRows.CHUNK + 3;
		List<String> ids = new ArrayList<>();
		Instant old = this.now.minus(AGE).minusSeconds(60);
		for (int i = 0; i < count; i++) {
			ids.add(routing(old, Optional.of(old), "none"));
		}

		assertThat(this.purging.sweep()).isEqualTo(count);

		assertThat(alertIds()).doesNotContainAnyElementsOf(ids);
		assertThat(awaitEvents(before, 2)).extracting((event) -> event.get("details").get("rows").asInt())
			.containsExactlyInAnyOrder(PurgingOldRows.CHUNK, 3);
	}

	void recordsNothingWhenNothingIsOldEnough() {
		this.purging.sweep();
		String young = routing(this.now, Optional.of(this.now), "none");
		int before = this.purgeEvents.get().size();

		assertThat(this.purging.sweep()).isZero();

		assertThat(alertIds()).contains(young);
		assertThat(this.purgeEvents.get()).hasSize(before);
	}

	void closingAnAlertSettlesItsInboxItems(ApplicationEventPublisher events, TransactionTemplate transaction) {
		String alertId = UUID.randomUUID().toString();
		String item = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO notification_inbox (id, recipient, topic, request_id, event, title, link, created_at)
				VALUES (?, 'someone', 'alert', ?, 'alert.raised', 'title', '/ui', ?)
				""").params(item, alertId, utc(this.now)).update();

		transaction.executeWithoutResult((status) -> events
			.publishEvent(new AlertClosed(alertId, "ACKNOWLEDGED", "someone", "looking into it", this.now)));

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE id = ? AND settled_at IS NOT NULL")
			.param(item)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	private List<JsonNode> awaitEvents(int before, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.purgeEvents.get().size() >= before + count);
		List<JsonNode> all = this.purgeEvents.get();
		assertThat(all).hasSize(before + count);
		return all.subList(before, all.size());
	}

	private String routing(Instant lastSeen, Optional<Instant> closedAt, String escalation) {
		String id = UUID.randomUUID().toString();
		Instant escalateAt = lastSeen.plus(Duration.ofDays(3650));
		this.jdbc
			.sql("""
					INSERT INTO alert_routing (alert_id, rule, title, severity, subject, summary, first_seen, last_seen, hits,
					    evidence, notified_at, escalation, escalate_at, closed_at)
					VALUES (?, 'D1', 'title', 'CRITICAL', 'subject', 'summary', ?, ?, 1, '1', ?, ?, ?, ?)
					""")
			.params(id, utc(lastSeen), utc(lastSeen), utc(lastSeen), escalation,
					"pending".equals(escalation) ? utc(escalateAt) : null,
					closedAt.map(RoutingRetentionContract::utc).orElse(null))
			.update();
		return id;
	}

	private List<String> alertIds() {
		return this.jdbc.sql("SELECT alert_id FROM alert_routing").query(String.class).list();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
