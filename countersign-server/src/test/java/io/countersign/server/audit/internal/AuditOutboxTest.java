package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.verify.Intact;
import io.countersign.server.CountersignApplication;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit outbox on PostgreSQL: an event is appended only if its transaction commits, a
 * row left behind is appended once after a restart, and servers that drain the same rows
 * at once append each event exactly once (docs/decisions/011-audit-outbox.md).
 */
class AuditOutboxTest {

	private static final Actor TEST = new Actor("outbox-test", "service");

	// The outbox carries Countersign's own events, so the tests record one of its types;
	// each event is told apart by its id.
	private static final String OWN_TYPE = "user_updated";

	@Test
	void anEventRecordedInATransactionThatRollsBackIsNeverAppended() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext server = start(database)) {
			AuditTrail trail = server.getBean(AuditTrail.class);
			TransactionTemplate transaction = server.getBean(TransactionTemplate.class);
			List<String> ids = new ArrayList<>();

			assertThatThrownBy(() -> transaction.executeWithoutResult((status) -> {
				ids.add(trail.record(EventDraft.of(OWN_TYPE, TEST)));
				throw new IllegalStateException("the change fails after its event was recorded");
			})).hasMessageContaining("the change fails");
			String committed = transaction.execute((status) -> trail.record(EventDraft.of(OWN_TYPE, TEST)));

			// the committed one is in the ledger when its transaction returns
			assertThat(ledgerIds(database)).containsOnlyOnce(committed).doesNotContain(ids.get(0));
			assertThat(outboxIds(database)).isEmpty();
			// and a drain finds nothing to add
			assertThat(server.getBean(OutboxDrainer.class).drain(Optional.empty())).isZero();
			assertThat(ledgerIds(database)).doesNotContain(ids.get(0));
		}
	}

	@Test
	void aRowLeftInTheOutboxIsAppendedOnceAtTheNextStart() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			start(database).close();
			// as if a server died after committing a change and before appending its
			// event
			PreparedEvent left = prepare();
			insert(database, List.of(left));

			try (ConfigurableApplicationContext server = start(database)) {
				assertThat(ledgerIds(database)).containsOnlyOnce(left.event().id());
				assertThat(outboxIds(database)).isEmpty();
				assertThat(storedLeaf(database, left.event().id())).isEqualTo(new String(left.leaf()));
				assertThat(server.getBean(LedgerVerification.class).verify()).isInstanceOf(Intact.class);
			}
			try (ConfigurableApplicationContext again = start(database)) {
				assertThat(ledgerIds(database)).containsOnlyOnce(left.event().id());
			}
		}
	}

	@Test
	void anEventWhoseRowIsGoneIsNotAppendedAgain() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext server = start(database)) {
			Sequencer sequencer = server.getBean(Sequencer.class);
			PreparedEvent event = prepare();
			insert(database, List.of(event));
			assertThat(sequencer.appendFromOutbox(event).join()).hasSize(1);
			long size = sequencer.sync().size();

			// another drainer read the row before it was deleted, and submits it again
			assertThat(sequencer.appendFromOutbox(event).join()).as("no receipt: appended elsewhere").isEmpty();

			assertThat(sequencer.sync().size()).isEqualTo(size);
			assertThat(ledgerIds(database)).containsOnlyOnce(event.event().id());
		}
	}

	@Test
	void twoServersDrainingTheSameRowsAppendEachEventOnce() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext first = start(database);
				ConfigurableApplicationContext second = start(database)) {
			List<PreparedEvent> left = new ArrayList<>();
			for (int i = 0; i < 3_000; i++) {
				left.add(prepare());
			}
			insert(database, left);

			CompletableFuture<Integer> one = CompletableFuture
				.supplyAsync(() -> first.getBean(OutboxDrainer.class).drain(Optional.empty()));
			CompletableFuture<Integer> two = CompletableFuture
				.supplyAsync(() -> second.getBean(OutboxDrainer.class).drain(Optional.empty()));
			one.join();
			two.join();

			List<String> appended = ledgerIds(database);
			assertThat(outboxIds(database)).isEmpty();
			assertThat(appended).doesNotHaveDuplicates();
			assertThat(appended).containsAll(left.stream().map((event) -> event.event().id()).toList());
			assertThat(first.getBean(Sequencer.class).sync()).isEqualTo(second.getBean(Sequencer.class).sync());
			assertThat(first.getBean(LedgerVerification.class).verify()).isInstanceOf(Intact.class);
		}
	}

	private static PreparedEvent prepare() {
		return PreparedEvent.prepare(
				EventDraft.of(OWN_TYPE, TEST).withDetails(Map.of("n", UUID.randomUUID().toString())), Sequencer.now(),
				"");
	}

	private static void insert(PostgresTestDatabase database, List<PreparedEvent> events) throws SQLException {
		try (Connection connection = database.connect();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO audit_outbox (event_id, leaf, created_at) VALUES (?, ?, ?)")) {
			for (PreparedEvent event : events) {
				insert.setObject(1, UUID.fromString(event.event().id()));
				insert.setBytes(2, event.leaf());
				insert.setObject(3, event.event().ts().atOffset(ZoneOffset.UTC));
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	private static List<String> ledgerIds(PostgresTestDatabase database) throws SQLException {
		List<String> ids = new ArrayList<>();
		for (String leaf : leaves(database).values()) {
			ids.add(Event.fromLeaf(leaf.getBytes()).id());
		}
		return ids;
	}

	private static String storedLeaf(PostgresTestDatabase database, String id) throws SQLException {
		return leaves(database).values()
			.stream()
			.filter((leaf) -> Event.fromLeaf(leaf.getBytes()).id().equals(id))
			.findFirst()
			.orElseThrow();
	}

	private static Map<Long, String> leaves(PostgresTestDatabase database) throws SQLException {
		Map<Long, String> leaves = new HashMap<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT idx, leaf FROM ledger_entry")) {
			while (rows.next()) {
				leaves.put(rows.getLong(1), new String(rows.getBytes(2)));
			}
		}
		return leaves;
	}

	private static List<String> outboxIds(PostgresTestDatabase database) throws SQLException {
		List<String> ids = new ArrayList<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT event_id FROM audit_outbox")) {
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
		}
		return ids;
	}

	// Command-line arguments, so they win over application.yml (server.port: 8080).
	private static ConfigurableApplicationContext start(PostgresTestDatabase database) {
		return new SpringApplicationBuilder(CountersignApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(), "--countersign.master-key=" + TestSecrets.MASTER_KEY,
				"--countersign.bootstrap-token=" + TestSecrets.BOOTSTRAP_TOKEN,
				"--countersign.data-dir=" + System.getProperty("java.io.tmpdir"),
				"--countersign.ledger.checkpoint-interval=300ms");
	}

}
