package io.countersign.server.testing;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole application over real HTTP on a private in-memory H2
 * database (the embedded vendor), with {@link TestSecrets}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class H2ApplicationTest {

	@LocalServerPort
	private int port;

	protected ApiClient api;

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		String name = PostgresTestDatabase.randomName("cs_test_");
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		registry.add("countersign.data-dir", PostgresApplicationTest::temporaryDataDir);
		registry.add("countersign.master-key", () -> TestSecrets.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> TestSecrets.BOOTSTRAP_TOKEN);
	}

	@BeforeEach
	void apiClient() {
		this.api = new ApiClient(this.port);
	}

}
