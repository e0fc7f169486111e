package io.countersign.server.alert;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Alerts over real HTTP on a private in-memory H2 database (the embedded vendor). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "countersign.alerts.poll-interval=50ms")
@Import(ProbeDetector.Configuration.class)
@DirtiesContext
class H2AlertsTest extends AlertsContract {

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		String name = PostgresTestDatabase.randomName("cs_test_");
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		registry.add("countersign.data-dir",
				() -> System.getProperty("java.io.tmpdir") + "/countersign-test-" + java.util.UUID.randomUUID());
		registry.add("countersign.master-key", () -> TestSecrets.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> TestSecrets.BOOTSTRAP_TOKEN);
	}

}
