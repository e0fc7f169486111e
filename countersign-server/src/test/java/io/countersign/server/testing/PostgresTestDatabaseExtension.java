package io.countersign.server.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class its own {@link PostgresTestDatabase}: created before the class
 * (skipping or failing it when PostgreSQL is unreachable) and dropped after it. Register
 * it before {@code SpringExtension} so the database outlives the application context.
 */
public final class PostgresTestDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(PostgresTestDatabaseExtension.class);

	// test classes run one at a time (no parallel execution is configured), so one slot
	// is enough
	private static volatile PostgresTestDatabase current;

	@Override
	public void beforeAll(ExtensionContext context) {
		PostgresTestDatabase database = PostgresTestDatabase.create();
		context.getStore(NAMESPACE).put(PostgresTestDatabase.class, database);
		current = database;
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		PostgresTestDatabase database = context.getStore(NAMESPACE)
			.remove(PostgresTestDatabase.class, PostgresTestDatabase.class);
		current = null;
		if (database != null) {
			database.close();
		}
	}

	/** The database of the test class that is running. */
	public static PostgresTestDatabase current() {
		PostgresTestDatabase database = current;
		if (database == null) {
			throw new IllegalStateException("no PostgresTestDatabase: register PostgresTestDatabaseExtension first");
		}
		return database;
	}

}
