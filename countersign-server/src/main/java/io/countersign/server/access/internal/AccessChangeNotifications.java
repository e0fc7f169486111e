package io.countersign.server.access.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.countersign.server.shared.DaemonThreads;
import io.countersign.server.storage.DatabaseKind;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells every server instance sharing a PostgreSQL database that access data changed, so
 * that a revocation made on one instance applies to the next request on all of them. The
 * changing transaction issues {@code NOTIFY}, which PostgreSQL delivers at commit, and
 * only then; each instance keeps one connection {@code LISTEN}ing. While that connection
 * is down, {@link #listening()} is false and the caches are bypassed, so a lost
 * notification can never keep a revoked token alive. H2 runs in one process: the
 * in-process generation suffices, and {@link #listening()} is true.
 */
@Component
class AccessChangeNotifications implements SmartLifecycle {

	static final String CHANNEL = "countersign_access";

	private static final Logger log = LoggerFactory.getLogger(AccessChangeNotifications.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration RETRY = Duration.ofSeconds(2);

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final boolean postgres;

	private volatile Runnable listener = () -> {
	};

	private volatile boolean listening;

	private volatile boolean running;

	private Thread thread;

	AccessChangeNotifications(DataSource dataSource, JdbcClient jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.postgres = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRESQL;
		this.listening = !this.postgres;
	}

	void onNotification(Runnable listener) {
		this.listener = listener;
	}

	boolean listening() {
		return this.listening;
	}

	/** Announces a change; inside a transaction it is delivered only if that commits. */
	void announce() {
		if (this.postgres) {
			this.jdbc.sql("NOTIFY " + CHANNEL).update();
		}
	}

	@Override
	public void start() {
		this.running = true;
		if (this.postgres) {
			this.thread = DaemonThreads.unstarted("access-change-listener", this::listen);
			this.thread.start();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection notifications = connection.unwrap(PGConnection.class);
				// anything may have changed while nobody listened
				this.listener.run();
				this.listening = true;
				while (this.running) {
					PGNotification[] received = notifications.getNotifications((int) POLL.toMillis());
					if (received != null && received.length > 0) {
						this.listener.run();
					}
				}
			}
			catch (SQLException ex) {
				if (this.running) {
					log.warn("Lost the connection listening for access changes ({}); caches are off until it is back",
							ex.getMessage());
				}
			}
			finally {
				this.listening = false;
				this.listener.run();
			}
			sleep(RETRY);
		}
	}

	private void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
