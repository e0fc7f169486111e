package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.CountersignApplication;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A ledger written by the real application into a throwaway PostgreSQL database, then
 * left alone: the application is stopped, so each attack works on a {@link #copy()} of a
 * ledger nobody appends to any more.
 *
 * <p>
 * Events go in as {@link #BATCHES} batches of {@link #BATCH_SIZE}, far enough apart that
 * each batch has its own timestamps and the checkpointer signs a checkpoint after each.
 */
final class PopulatedLedger {

	static final int BATCHES = 6;

	static final int BATCH_SIZE = 50;

	static final int SIZE = BATCHES * BATCH_SIZE;

	private final PostgresTestDatabase database;

	private final List<Long> checkpointSizes;

	private PopulatedLedger(PostgresTestDatabase database, List<Long> checkpointSizes) {
		this.database = database;
		this.checkpointSizes = checkpointSizes;
	}

	static PopulatedLedger writeInto(PostgresTestDatabase database) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("countersign.data-dir", java.nio.file.Files.createTempDirectory("countersign-cli-").toString());
		properties.put("countersign.master-key", TestSecrets.MASTER_KEY);
		properties.put("countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		properties.put("countersign.ledger.checkpoint-interval", "100ms");
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		// As arguments: default properties would lose to application.yml.
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CountersignApplication.class)
			.run(args)) {
			AuditLog log = app.getBean(AuditLog.class);
			// the first start wrote its own events (the first admin and its token); the
			// first batch fills up to BATCH_SIZE so that every batch starts at a multiple
			int startup = (int) log.treeHead().size();
			for (int batch = 0; batch < BATCHES; batch++) {
				int first = Math.max(batch * BATCH_SIZE, startup);
				int end = (batch + 1) * BATCH_SIZE;
				log.appendAll(IntStream.range(first, end).mapToObj(PopulatedLedger::event).toList());
				awaitCheckpoint(database, end);
			}
		}
		return new PopulatedLedger(database, checkpointSizes(database));
	}

	private static EventDraft event(int number) {
		return EventDraft.of("authz_change", new Actor("user-" + (number % 7), "user"))
			.withAction("grant")
			.withResource(new Resource("role", "role-" + number))
			.withDetails(Map.of("number", number));
	}

	private static void awaitCheckpoint(PostgresTestDatabase database, long size) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (latestCheckpointSize(database) < size) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("no checkpoint of size " + size + " within 30 s");
			}
			Thread.sleep(50);
		}
	}

	private static long latestCheckpointSize(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT COALESCE(MAX(tree_size), 0) FROM ledger_checkpoint")) {
			row.next();
			return row.getLong(1);
		}
	}

	private static List<Long> checkpointSizes(PostgresTestDatabase database) throws SQLException {
		List<Long> sizes = new ArrayList<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT tree_size FROM ledger_checkpoint ORDER BY tree_size")) {
			while (row.next()) {
				sizes.add(row.getLong(1));
			}
		}
		return sizes;
	}

	List<Long> checkpointSizes() {
		return this.checkpointSizes;
	}

	/**
	 * The signed note of the checkpoint of this size, as an auditor would have saved it.
	 */
	String checkpointNote(long size) throws SQLException {
		try (Connection connection = this.database.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT note FROM ledger_checkpoint WHERE tree_size = ?")) {
			select.setLong(1, size);
			try (ResultSet row = select.executeQuery()) {
				row.next();
				return row.getString(1);
			}
		}
	}

	/** The timestamp of an entry (every entry of one batch shares it). */
	Instant ts(long index) throws SQLException {
		try (Connection connection = this.database.connect();
				PreparedStatement select = connection.prepareStatement("SELECT ts FROM ledger_entry WHERE idx = ?")) {
			select.setLong(1, index);
			try (ResultSet row = select.executeQuery()) {
				row.next();
				return row.getObject(1, java.time.OffsetDateTime.class).toInstant();
			}
		}
	}

	/** A private copy to attack; PostgreSQL clones the database from it as a template. */
	LedgerCopy copy() throws SQLException {
		String name = PostgresTestDatabase.randomName("cs_attack_");
		try (Connection admin = this.database.connectAdmin(); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name + " TEMPLATE " + this.database.name());
		}
		String url = this.database.jdbcUrl().replaceFirst("/" + this.database.name() + "(?=\\?|$)", "/" + name);
		return new LedgerCopy(this.database, name, url);
	}

}
