package io.countersign.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole application over real HTTP against a throwaway
 * PostgreSQL database ({@link PostgresTestDatabase}), with {@link TestSecrets}; the JDBC
 * URL carries the user, as {@code COUNTERSIGN_DB_URL=jdbc:postgresql://…?user=…} does.
 * The database is created before the class and dropped after it; {@code @DirtiesContext}
 * keeps a cached context from outliving its database.
 */
// the extension is declared before @SpringBootTest, so it runs first and cleans up last
@ExtendWith(PostgresTestDatabaseExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class PostgresApplicationTest {

	@LocalServerPort
	private int port;

	protected ApiClient api;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		// the URL carries user (and password): COUNTERSIGN_DB_USER may stay unset for
		// PostgreSQL
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("countersign.data-dir", PostgresApplicationTest::temporaryDataDir);
		registry.add("countersign.master-key", () -> TestSecrets.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> TestSecrets.BOOTSTRAP_TOKEN);
	}

	static String temporaryDataDir() {
		try {
			return Files.createTempDirectory("countersign-test-").toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeEach
	void apiClient() {
		this.api = new ApiClient(this.port);
	}

	/** The database of this test class, e.g. to inspect tables directly. */
	protected static PostgresTestDatabase database() {
		return PostgresTestDatabaseExtension.current();
	}

}
