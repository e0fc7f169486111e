package io.countersign.server.audit;

import java.util.UUID;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same ledger API on the embedded H2 database, the zero-setup default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class H2LedgerApiTest extends LedgerApiContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

}
