package io.countersign.server.audit.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.verify.Intact;
import io.countersign.server.CountersignApplication;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Faults the sequencer does not expect — a JDBC driver throwing an {@link Error} where it
 * should throw an {@code SQLException} — on the sequencer thread and on a write lane: the
 * callers of the batch get {@code ERR_LEDGER_UNAVAILABLE} (not a hang), the sequencer
 * goes on, later appends succeed, and nothing acknowledged is lost or stored twice. The
 * faults come from a wrapper around the application's DataSource, not from a hook in the
 * code under test.
 */
class UnexpectedWriteFaultsTest {

	private static final Duration ANSWERED = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void onPostgresql() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			faultsAreAnsweredAndTheLedgerGoesOn(database.jdbcUrl());
		}
	}

	@Test
	void onH2() throws Exception {
		faultsAreAnsweredAndTheLedgerGoesOn(
				"jdbc:h2:mem:" + PostgresTestDatabase.randomName("faults") + ";DB_CLOSE_DELAY=-1");
	}

	private static void faultsAreAnsweredAndTheLedgerGoesOn(String url) throws Exception {
		Faults faults = new Faults();
		try (ConfigurableApplicationContext server = start(url, faults)) {
			AuditLog auditLog = server.getBean(AuditLog.class);
			Sequencer sequencer = server.getBean(Sequencer.class);
			List<Appended> acknowledged = new ArrayList<>();
			acknowledged.add(auditLog.append(event("before")));

			// the tail read on the sequencer thread throws, and so does the rollback that
			// releases the failed batch's connection: the loop's last resort
			faults.tailRead.set(1);
			faults.rollback.set(1);
			assertUnavailable(auditLog.appendAsync(event("sequencer.fault")));
			assertThat(faults.tailRead.get()).as("the fault was hit").isZero();
			assertThat(faults.rollback.get()).as("the fault was hit").isZero();

			// the rows' writer throws on the write lane
			faults.rowWriter.set(1);
			assertUnavailable(auditLog.appendAsync(event("lane.fault")));
			assertThat(faults.rowWriter.get()).as("the fault was hit").isZero();

			assertThat(sequencer.condition().sequencing()).as("the sequencer goes on").isTrue();
			List<CompletableFuture<Appended>> after = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				after.add(auditLog.appendAsync(event("after")));
			}
			for (CompletableFuture<Appended> appended : after) {
				acknowledged.add(appended.get(ANSWERED.toSeconds(), TimeUnit.SECONDS));
			}
			acknowledged.add(auditLog.append(event("after")));

			assertStoredOnceEach(server.getBean(DataSource.class), acknowledged);
			assertThat(server.getBean(LedgerVerification.class).verify()).isInstanceOf(Intact.class);
			await().atMost(ANSWERED)
				.untilAsserted(() -> assertThat(server.getBean(LedgerHealthIndicator.class).health().getStatus())
					.isEqualTo(Status.UP));
		}
	}

	private static void assertUnavailable(CompletableFuture<Appended> append) throws Exception {
		try {
			Appended appended = append.get(ANSWERED.toSeconds(), TimeUnit.SECONDS);
			fail("acknowledged despite the fault: " + appended);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOfSatisfying(CountersignException.class,
					(failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.ERR_LEDGER_UNAVAILABLE));
		}
	}

	// Each acknowledged event is in exactly one row, at its index; no gap.
	private static void assertStoredOnceEach(DataSource dataSource, List<Appended> acknowledged) throws Exception {
		Map<String, List<Long>> stored = new HashMap<>();
		long rows = 0;
		long maxIndex = -1;
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT idx, leaf FROM ledger_entry")) {
			while (row.next()) {
				rows++;
				maxIndex = Math.max(maxIndex, row.getLong(1));
				String id = JSON.readTree(row.getBytes(2)).path("id").asString();
				stored.computeIfAbsent(id, (key) -> new ArrayList<>()).add(row.getLong(1));
			}
		}
		assertThat(maxIndex + 1).as("no gap in the indexes").isEqualTo(rows);
		for (Appended appended : acknowledged) {
			assertThat(stored.get(appended.id().toString())).as("rows of %s", appended.id())
				.containsExactly(appended.index());
		}
	}

	private static EventDraft event(String type) {
		return EventDraft.of("test." + type, new Actor("faults", "service"))
			.withSubmitter(new Submitter("faults", "token:test"))
			.withOutcome(Outcome.SUCCESS, Optional.empty());
	}

	private static ConfigurableApplicationContext start(String url, Faults faults) throws Exception {
		return new SpringApplicationBuilder(CountersignApplication.class)
			.initializers((context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					return (bean instanceof DataSource dataSource) ? faults.wrap(dataSource) : bean;
				}
			}))
			.run("--server.port=0", "--spring.datasource.url=" + url,
					"--countersign.data-dir=" + Files.createTempDirectory("countersign-test-"),
					"--countersign.master-key=" + TestSecrets.MASTER_KEY,
					"--countersign.bootstrap-token=" + TestSecrets.BOOTSTRAP_TOKEN,
					// no checkpointer sync may take a fault meant for an append
					"--countersign.ledger.checkpoint-interval=1h", "--countersign.ledger.append-timeout=2s");
	}

	/** A driver bug: an Error where an SQLException belongs. */
	static final class DriverBug extends Error {

		DriverBug(String where) {
			super("injected by the test: " + where);
		}

	}

	/** Armed counts of faults; each one hit counts down. */
	static final class Faults {

		final AtomicInteger tailRead = new AtomicInteger();

		final AtomicInteger rollback = new AtomicInteger();

		final AtomicInteger rowWriter = new AtomicInteger();

		DataSource wrap(DataSource target) {
			return proxy(DataSource.class, target, (method, args) -> {
				Object result = method.invoke(target, args);
				return (result instanceof Connection connection) ? wrap(connection) : result;
			});
		}

		private Connection wrap(Connection target) {
			return proxy(Connection.class, target, (method, args) -> {
				String name = method.getName();
				String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : "";
				if (name.equals("prepareStatement") && sql.contains("ORDER BY idx DESC LIMIT 1")) {
					hit(this.tailRead, "the tail read");
				}
				if (name.equals("prepareStatement") && sql.startsWith("INSERT INTO ledger_entry")
						|| name.equals("unwrap") && args[0] == PGConnection.class) {
					hit(this.rowWriter, "the row writer");
				}
				if (name.equals("rollback") && (args == null || args.length == 0)) {
					hit(this.rollback, "the rollback");
				}
				return method.invoke(target, args);
			});
		}

		private static void hit(AtomicInteger armed, String where) {
			if (armed.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new DriverBug(where);
			}
		}

		private static <T> T proxy(Class<T> type, T target, Call call) {
			InvocationHandler handler = (proxy, method, args) -> {
				try {
					return call.invoke(method, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			};
			return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
		}

		interface Call {

			Object invoke(Method method, Object[] args) throws Exception;

		}

	}

}
