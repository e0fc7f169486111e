package io.countersign.server.notification.internal;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import java.net.http.HttpResponse;

import io.countersign.server.audit.PurgingOldRows;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Event;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.notification.internal.inbox.Inbox;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What both databases must do when notification rows are purged: delivered or given-up
 * deliveries and read or settled inbox items older than their retention go, in chunks,
 * each chunk recorded on the ledger; pending deliveries, unread items of open requests
 * and young rows stay; a sweep that finds nothing records nothing.
 *
 * @param jdbc the application's database
 * @param purging the sweep under test
 * @param inbox the inbox table
 * @param now the application's clock, standing still
 * @param purgeEvents the {@code countersign_rows_purged} events on the ledger, oldest
 * first
 */
record NotificationRetentionContract(JdbcClient jdbc, PurgingNotificationRows purging, Inbox inbox, Instant now,
		Supplier<List<JsonNode>> purgeEvents) {

	static final Duration DELIVERIES = Duration.ofDays(30);

	static final Duration INBOX = Duration.ofDays(90);

	void deletesOnlyOldRowsInAFinalState() {
		clearBacklog();
		int eventsBefore = this.purgeEvents.get().size();
		Instant oldDelivery = this.now.minus(DELIVERIES).minusSeconds(60);
		Instant youngDelivery = this.now.minus(DELIVERIES).plusSeconds(60);
		String delivered = delivery("delivered", oldDelivery);
		String failed = delivery("failed", oldDelivery);
		String retrying = delivery("pending", oldDelivery);
		String recent = delivery("delivered", youngDelivery);
		Instant oldItem = this.now.minus(INBOX).minusSeconds(60);
		String read = item("request-read", oldItem, true);
		String settled = item("request-settled", oldItem, false);
		this.inbox.settle("approval", "request-settled", this.now);
		String open = item("request-open", oldItem, false);
		String openAlert = item("request-settled", oldItem, false, "alert");
		String youngRead = item("request-young", this.now.minus(INBOX).plusSeconds(60), true);

		int deleted = this.purging.sweep();

		assertThat(deleted).isEqualTo(4);
		assertThat(deliveryIds()).contains(retrying, recent).doesNotContain(delivered, failed);
		assertThat(itemIds()).contains(open, openAlert, youngRead).doesNotContain(read, settled);
		List<JsonNode> recorded = awaitEvents(eventsBefore, 2);
		assertThat(recorded).extracting((event) -> event.get("resource").get("id").asString())
			.containsExactlyInAnyOrder("notification_delivery", "notification_inbox");
		for (JsonNode event : recorded) {
			JsonNode details = event.get("details");
			assertThat(details.get("rows").asInt()).isEqualTo(2);
			Duration age = "notification_delivery".equals(details.get("table").asString()) ? DELIVERIES : INBOX;
			assertThat(details.get("olderThan").asString()).isEqualTo(this.now.minus(age).toString());
			assertThat(details.get("retention").asString()).isEqualTo(age.toString());
			assertThat(event.get("actor").get("type").asString()).isEqualTo("system");
		}
	}

	void deletesMoreRowsThanOneChunkTakes() {
		clearBacklog();
		int eventsBefore = this.purgeEvents.get().size();
		int count = 2 * PurgingOldRows.CHUNK + 7;
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(deliveryRow(Event.newId(), "delivered", this.now.minus(DELIVERIES).minusSeconds(1 + i)));
		}
		insertDeliveries(rows);

		assertThat(this.purging.sweep()).isEqualTo(count);

		assertThat(deliveryIds()).doesNotContainAnyElementsOf(rows.stream().map((row) -> (String) row[0]).toList());
		List<JsonNode> recorded = awaitEvents(eventsBefore, 3);
		assertThat(recorded).extracting((event) -> event.get("details").get("rows").asInt())
			.containsExactlyInAnyOrder(PurgingOldRows.CHUNK, PurgingOldRows.CHUNK, 7);
	}

	/**
	 * Sweeps on two threads at once, as two instances sweep: every row goes, no sweep
	 * fails or waits on the other, and the events count each row once.
	 */
	void sweepsAtOnceDeleteEachRowOnce() throws Exception {
		clearBacklog();
		int eventsBefore = this.purgeEvents.get().size();
		int count = 3 * PurgingOldRows.CHUNK + 11;
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(deliveryRow(Event.newId(), (i % 2 == 0) ? "delivered" : "failed",
					this.now.minus(DELIVERIES).minusSeconds(1 + i)));
		}
		insertDeliveries(rows);

		ExecutorService sweepers = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> first = sweepers.submit(this.purging::sweep);
			Future<Integer> second = sweepers.submit(this.purging::sweep);
			assertThat(first.get(2, TimeUnit.MINUTES) + second.get(2, TimeUnit.MINUTES)).isEqualTo(count);
		}
		finally {
			sweepers.shutdownNow();
		}

		assertThat(deliveryIds()).doesNotContainAnyElementsOf(rows.stream().map((row) -> (String) row[0]).toList());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rowsPurged(
					this.purgeEvents.get().subList(eventsBefore, this.purgeEvents.get().size())) >= count);
		assertThat(rowsPurged(this.purgeEvents.get().subList(eventsBefore, this.purgeEvents.get().size())))
			.isEqualTo(count);
	}

	void recordsNothingWhenNothingIsOldEnough() {
		clearBacklog();
		String young = delivery("delivered", this.now.minus(DELIVERIES).plusSeconds(60));
		int eventsBefore = this.purgeEvents.get().size();

		assertThat(this.purging.sweep()).isZero();

		assertThat(deliveryIds()).contains(young);
		assertThat(this.purgeEvents.get()).hasSize(eventsBefore);
	}

	void deletesUnreadItemsOnlyOnceTheirRequestEnded(ApprovalFixture approvals, PolicyBook book,
			TransactionTemplate transaction) {
		clearBacklog();
		String type = ApprovalFixture.actionType("retention.check");
		ApprovalFixture.policy(book, transaction, type, "1 of approver");
		Person ivan = approvals.person("ivan", "operator");
		Person alice = approvals.person("alice", "approver");
		String id = approvals.open(ivan, type, "{\"secret\":\"db\"}").get("id").asString();
		String asked = this.jdbc.sql("SELECT id FROM notification_inbox WHERE request_id = ?")
			.param(id)
			.query(String.class)
			.single();
		this.jdbc.sql("UPDATE notification_inbox SET created_at = ? WHERE id = ?")
			.params(utc(this.now.minus(INBOX).minusSeconds(60)), asked)
			.update();

		this.purging.sweep();
		assertThat(itemIds()).as("an unread item of a request under review").contains(asked);

		HttpResponse<String> rejected = approvals.decide(alice, id, Verdict.REJECT, "not this week");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
		List<String> settled = this.jdbc
			.sql("SELECT id FROM notification_inbox WHERE request_id = ? AND settled_at IS NOT NULL")
			.param(id)
			.query(String.class)
			.list();
		assertThat(settled).hasSize(2).contains(asked);

		this.purging.sweep();
		assertThat(itemIds()).as("the old item is gone, the young outcome stays")
			.doesNotContain(asked)
			.containsAll(settled.stream().filter((item) -> !item.equals(asked)).toList());
	}

	void anApprovedRequestSettlesTheDecidersPromptsButNotTheInitiatorsNotice(ApprovalFixture approvals, PolicyBook book,
			TransactionTemplate transaction) {
		String type = ApprovalFixture.actionType("retention.approved");
		ApprovalFixture.policy(book, transaction, type, "1 of approver");
		Person ivan = approvals.person("ivan", "operator");
		Person alice = approvals.person("alice", "approver");
		String id = approvals.open(ivan, type, "{\"secret\":\"db\"}").get("id").asString();

		HttpResponse<String> approved = approvals.decide(alice, id, Verdict.APPROVE, "fine");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);

		// APPROVED may last for good (executed by hand, never reported): the deciders'
		// prompts are decided all the same; the initiator's notice still asks for the
		// execution
		Map<String, Boolean> settledByEvent = new java.util.HashMap<>();
		this.jdbc.sql("SELECT event, settled_at IS NOT NULL FROM notification_inbox WHERE request_id = ?")
			.param(id)
			.query((rs, row) -> settledByEvent.merge(rs.getString(1), rs.getBoolean(2), Boolean::logicalAnd))
			.list();
		assertThat(settledByEvent).containsEntry("approval.requested", true).containsEntry("approval.approved", false);
	}

	private static int rowsPurged(List<JsonNode> events) {
		return events.stream().mapToInt((event) -> event.get("details").get("rows").asInt()).sum();
	}

	// rows other contract methods left, so that each starts from what it inserts
	private void clearBacklog() {
		this.purging.sweep();
	}

	// the events recorded after the first {@code before}: exactly {@code count} of them
	private List<JsonNode> awaitEvents(int before, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.purgeEvents.get().size() >= before + count);
		List<JsonNode> all = this.purgeEvents.get();
		assertThat(all).hasSize(before + count);
		return all.subList(before, all.size());
	}

	private String delivery(String status, Instant createdAt) {
		String id = Event.newId();
		insertDeliveries(List.<Object[]>of(deliveryRow(id, status, createdAt)));
		return id;
	}

	private void insertDeliveries(List<Object[]> rows) {
		for (Object[] row : rows) {
			this.jdbc.sql("""
					INSERT INTO notification_delivery (id, kind, recipient, request_id, event, step_event_id, subject,
					    body, status, attempts, next_attempt_at, created_at)
					VALUES (?, 'email', 'someone@example.org', 'request', 'approval.approved', 'step', 'subject',
					    'body', ?, 1, ?, ?)
					""").params(row).update();
		}
	}

	private static Object[] deliveryRow(String id, String status, Instant createdAt) {
		// a pending one is due far ahead: the worker leaves it alone during the test
		Instant next = "pending".equals(status) ? createdAt.plus(Duration.ofDays(3650)) : createdAt;
		return new Object[] { id, status, utc(next), utc(createdAt) };
	}

	private String item(String requestId, Instant createdAt, boolean read) {
		return item(requestId, createdAt, read, "approval");
	}

	private String item(String requestId, Instant createdAt, boolean read, String topic) {
		String id = Event.newId();
		this.jdbc
			.sql("""
					INSERT INTO notification_inbox (id, recipient, topic, request_id, event, title, link, created_at, read_at)
					VALUES (?, 'someone', ?, ?, 'approval.requested', 'title', '/ui', ?, ?)
					""")
			.params(id, topic, requestId, utc(createdAt), read ? utc(createdAt.plusSeconds(1)) : null)
			.update();
		return id;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private List<String> deliveryIds() {
		return this.jdbc.sql("SELECT id FROM notification_delivery").query(String.class).list();
	}

	private List<String> itemIds() {
		return this.jdbc.sql("SELECT id FROM notification_inbox").query(String.class).list();
	}

}
