package io.countersign.server.alert;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Alerts over real HTTP on a throwaway PostgreSQL database. */
@ExtendWith(PostgresTestDatabaseExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "countersign.alerts.poll-interval=50ms")
@Import(ProbeDetector.Configuration.class)
@DirtiesContext
class PostgresAlertsTest extends AlertsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("countersign.data-dir",
				() -> System.getProperty("java.io.tmpdir") + "/countersign-test-" + java.util.UUID.randomUUID());
		registry.add("countersign.master-key", () -> TestSecrets.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> TestSecrets.BOOTSTRAP_TOKEN);
	}

}
