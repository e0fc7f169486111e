package io.countersign.server.audit;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ledger API over real HTTP on a throwaway PostgreSQL database.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PostgresLedgerApiTest extends LedgerApiContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

}
