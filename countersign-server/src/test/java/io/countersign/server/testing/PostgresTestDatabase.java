package io.countersign.server.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL database for one test class, created on the server named by the
 * environment variable {@code COUNTERSIGN_TEST_PG_URL} (an admin JDBC URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) and dropped on
 * {@link #close()}.
 *
 * <p>
 * When the server is unreachable the test is skipped, unless the environment variable
 * {@code CI} is {@code true}: then it fails, so a CI run can never pass without
 * PostgreSQL.
 */
public final class PostgresTestDatabase implements AutoCloseable {

	/** Environment variable naming the admin URL of the test server. */
	public static final String URL_VARIABLE = "COUNTERSIGN_TEST_PG_URL";

	static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

	private static final Pattern URL = Pattern
		.compile("(?<prefix>jdbc:postgresql://[^/?]+)/(?<database>[^?]*)(?<query>\\?.*)?");

	private final String adminUrl;

	private final String name;

	private PostgresTestDatabase(String adminUrl, String name) {
		this.adminUrl = adminUrl;
		this.name = name;
	}

	/**
	 * Creates a database with a random name, or skips/fails the test if PostgreSQL is
	 * down.
	 */
	public static PostgresTestDatabase create() {
		String adminUrl = adminUrl();
		String name = randomName("cs_test_");
		try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			unreachable(adminUrl, ex);
		}
		return new PostgresTestDatabase(adminUrl, name);
	}

	/** A random lower-case identifier, safe to use unquoted in SQL. */
	public static String randomName(String prefix) {
		byte[] bytes = new byte[8];
		new SecureRandom().nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes);
	}

	private static void unreachable(String adminUrl, SQLException ex) {
		String message = "PostgreSQL for tests is not reachable at " + withoutPassword(adminUrl) + " ("
				+ ex.getMessage() + "); set " + URL_VARIABLE + " to an admin JDBC URL";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(message + " (CI=true, so this fails instead of skipping)", ex);
		}
		Assumptions.abort(message);
	}

	private static String adminUrl() {
		return Optional.ofNullable(System.getenv(URL_VARIABLE)).filter((v) -> !v.isBlank()).orElse(DEFAULT_ADMIN_URL);
	}

	private static String withoutPassword(String url) {
		return url.replaceAll("(?i)(password=)[^&]*", "$1***");
	}

	/** The database name. */
	public String name() {
		return this.name;
	}

	/**
	 * JDBC URL of the test database, with the admin URL's parameters (user, password).
	 */
	public String jdbcUrl() {
		return withDatabase(this.name);
	}

	/**
	 * JDBC URL of the same database without any parameters, for connecting as another
	 * role.
	 */
	public String bareJdbcUrl() {
		Matcher matcher = matcher();
		return matcher.group("prefix") + "/" + this.name;
	}

	/** The admin user (from the URL's {@code user} parameter). */
	public String username() {
		return parameters().getOrDefault("user", "postgres");
	}

	/** The admin password (from the URL's {@code password} parameter), empty if none. */
	public String password() {
		return parameters().getOrDefault("password", "");
	}

	/** A new connection to the test database as the admin user. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl());
	}

	/**
	 * A new connection to the admin database (for cluster-wide statements such as roles).
	 */
	public Connection connectAdmin() throws SQLException {
		return DriverManager.getConnection(this.adminUrl);
	}

	private String withDatabase(String database) {
		Matcher matcher = matcher();
		return matcher.group("prefix") + "/" + database + Optional.ofNullable(matcher.group("query")).orElse("");
	}

	private Matcher matcher() {
		Matcher matcher = URL.matcher(this.adminUrl);
		if (!matcher.matches()) {
			throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:postgresql://host:port/db?user=...");
		}
		return matcher;
	}

	private Map<String, String> parameters() {
		String query = Optional.ofNullable(matcher().group("query")).orElse("?");
		java.util.HashMap<String, String> parameters = new java.util.HashMap<>();
		for (String pair : query.substring(1).split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return parameters;
	}

	/**
	 * Drops the database, ending any connection still open to it (a pool not yet closed).
	 */
	@Override
	public void close() throws SQLException {
		try (Connection admin = connectAdmin(); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

}
