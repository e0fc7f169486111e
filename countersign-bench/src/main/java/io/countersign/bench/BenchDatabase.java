package io.countersign.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database the benchmarks write to, named by a JDBC URL; the credentials
 * come from {@code COUNTERSIGN_DB_USER} and {@code COUNTERSIGN_DB_PASSWORD} so they never
 * appear on a command line.
 *
 * <p>
 * The benchmarks drop and create their database, so only a database named for them is
 * accepted: one slip in {@code --db} must not drop a production ledger.
 */
record BenchDatabase(String url, String user, String password) {

	/** What every bench database's name starts with. */
	static final String NAME_PREFIX = "countersign_bench";

	private static final Pattern POSTGRES_URL = Pattern
		.compile("jdbc:postgresql://(?<server>[^/]+)/(?<name>[A-Za-z0-9_]+)(?<query>\\?.*)?");

	// lower case only: PostgreSQL folds unquoted names, so "Countersign_Bench" would be
	// another spelling of a name this check has not seen
	private static final Pattern BENCH_NAME = Pattern.compile(NAME_PREFIX + "[a-z0-9_]*");

	static BenchDatabase of(String url) {
		Matcher matcher = POSTGRES_URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					"--db must be jdbc:postgresql://host:port/name (a plain database name), not " + url);
		}
		requireBenchName(matcher.group("name"));
		String user = System.getenv().getOrDefault("COUNTERSIGN_DB_USER", "postgres");
		String password = System.getenv().getOrDefault("COUNTERSIGN_DB_PASSWORD", "");
		return new BenchDatabase(url, user, password);
	}

	String name() {
		return matcher().group("name");
	}

	/**
	 * Refuses a database the bench may not drop or create: any whose name does not start
	 * with {@value #NAME_PREFIX}.
	 */
	static void requireBenchName(String name) {
		if (!BENCH_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("refusing database " + name
					+ ": the bench drops and creates its database, so its name must start with " + NAME_PREFIX
					+ " (lower case letters, digits and _)");
		}
	}

	/** The same database, with extra driver parameters appended to the URL. */
	BenchDatabase withParameters(String parameters) {
		return new BenchDatabase(this.url + (this.url.contains("?") ? "&" : "?") + parameters, this.user,
				this.password);
	}

	Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		properties.setProperty("password", this.password);
		return DriverManager.getConnection(this.url, properties);
	}

	boolean exists() throws SQLException {
		try (Connection connection = maintenance().connect();
				var query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			query.setString(1, name());
			try (ResultSet rows = query.executeQuery()) {
				return rows.next();
			}
		}
	}

	void createIfAbsent() throws SQLException {
		requireBenchName(name());
		if (!exists()) {
			execute(maintenance(), "CREATE DATABASE " + name());
		}
	}

	/**
	 * Creates the database as a copy of {@code template} (another bench database, which
	 * nobody may be connected to meanwhile) unless it exists; true when it copied.
	 */
	boolean copyIfAbsent(String template) throws SQLException {
		requireBenchName(name());
		requireBenchName(template);
		if (exists()) {
			return false;
		}
		execute(maintenance(), "CREATE DATABASE " + name() + " TEMPLATE " + template);
		return true;
	}

	/** Drops and creates the database, so a run starts from empty tables. */
	void recreate() throws SQLException {
		requireBenchName(name());
		execute(maintenance(), "DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
		execute(maintenance(), "CREATE DATABASE " + name());
	}

	/** Rows in {@code ledger_entry}, or zero when the schema is not there yet. */
	long ledgerSize() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement.executeQuery("SELECT to_regclass('ledger_entry') IS NOT NULL")) {
				rows.next();
				if (!rows.getBoolean(1)) {
					return 0;
				}
			}
			try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(idx) + 1, 0) FROM ledger_entry")) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private BenchDatabase maintenance() {
		Matcher matcher = matcher();
		String query = (matcher.group("query") != null) ? matcher.group("query") : "";
		return new BenchDatabase("jdbc:postgresql://" + matcher.group("server") + "/postgres" + query, this.user,
				this.password);
	}

	private Matcher matcher() {
		Matcher matcher = POSTGRES_URL.matcher(this.url);
		if (!matcher.matches()) {
			throw new IllegalStateException("not a PostgreSQL URL: " + this.url);
		}
		return matcher;
	}

	private static void execute(BenchDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public String toString() {
		return this.url;
	}

}
