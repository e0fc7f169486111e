package io.countersign.server.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;

import com.zaxxer.hikari.HikariDataSource;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.CountersignApplication;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On the embedded database, a ledger that lost entries it acknowledged (here: the
 * database file put back from an older copy) refuses to start rather than hand their
 * indexes out again; so does one whose tree is not the one it acknowledged.
 */
class LostEntriesRefusedTest {

	@TempDir
	Path dataDir;

	@Test
	void databaseOlderThanTheAcknowledgedHeadIsRefusedAtStart() throws Exception {
		Path database = this.dataDir.resolve("countersign.mv.db");
		Path acknowledged = this.dataDir.resolve("countersign" + AcknowledgedHead.SUFFIX);
		Path older = this.dataDir.resolve("older.mv.db.copy");
		long sizeBefore;
		try (ConfigurableApplicationContext server = start()) {
			assertThat(server.getBean(HikariDataSource.class).getJdbcUrl()).endsWith(";WRITE_DELAY=0");
			append(server, 5);
			sizeBefore = server.getBean(AuditLog.class).treeHead().size();
		}
		Files.copy(database, older);
		long acknowledgedSize;
		try (ConfigurableApplicationContext server = start()) {
			append(server, 5);
			acknowledgedSize = server.getBean(AuditLog.class).treeHead().size();
		}
		assertThat(new AcknowledgedHead(acknowledged).read()).get()
			.satisfies((head) -> assertThat(head.size()).isEqualTo(acknowledgedSize));
		Path newer = this.dataDir.resolve("newer.mv.db.copy");
		Files.move(database, newer);
		Files.copy(older, database);

		assertThatThrownBy(this::start).rootCause()
			.hasMessageContaining("the database holds " + sizeBefore + " ledger entries, but the ledger acknowledged "
					+ acknowledgedSize)
			.hasMessageContaining(acknowledged.toString());
		// nothing was appended at the lost indexes
		try (Connection connection = DriverManager
			.getConnection("jdbc:h2:file:" + this.dataDir.resolve("countersign").toAbsolutePath(), "", "");
				Statement select = connection.createStatement();
				ResultSet count = select.executeQuery("SELECT COUNT(*) FROM ledger_entry")) {
			count.next();
			assertThat(count.getLong(1)).isEqualTo(sizeBefore);
		}
	}

	@Test
	void treeOtherThanTheAcknowledgedOneIsRefusedAtStart() throws Exception {
		long size;
		try (ConfigurableApplicationContext server = start()) {
			append(server, 3);
			size = server.getBean(AuditLog.class).treeHead().size();
		}
		Path acknowledged = this.dataDir.resolve("countersign" + AcknowledgedHead.SUFFIX);
		String otherRoot = Base64.getEncoder().encodeToString(new byte[32]);
		Files.writeString(acknowledged,
				"countersign acknowledged tree size %020d root %s\n".formatted(size, otherRoot));

		assertThatThrownBy(this::start).rootCause()
			.hasMessageContaining("the database's first " + size + " ledger entries have root")
			.hasMessageContaining("acknowledged root " + otherRoot);
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CountersignApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--countersign.data-dir=" + this.dataDir,
				"--countersign.master-key=" + TestSecrets.MASTER_KEY,
				"--countersign.bootstrap-token=" + TestSecrets.BOOTSTRAP_TOKEN);
	}

	private static void append(ConfigurableApplicationContext server, int events) {
		AuditLog log = server.getBean(AuditLog.class);
		for (int i = 0; i < events; i++) {
			log.append(EventDraft.of("test.lost", new Actor("tester", "service"))
				.withSubmitter(new Submitter("tester", "token:test")));
		}
	}

}
