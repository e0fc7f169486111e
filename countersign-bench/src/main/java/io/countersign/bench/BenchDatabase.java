package io.countersign.server.cli.bench;

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
 */
record BenchDatabase(String url, String user, String password) {

	private static final Pattern POSTGRES_URL = Pattern
		.compile("jdbc:postgresql://(?<server>[^/]+)/(?<name>[A-Za-z0-9_]+)(?<query>\\?.*)?");

	static BenchDatabase of(String url) {
		if (!POSTGRES_URL.matcher(url).matches()) {
			throw new IllegalArgumentException(
					"--db must be jdbc:postgresql://host:port/name (a plain database name), not " + url);
		}
		String user = System.getenv().getOrDefault("COUNTERSIGN_DB_USER", "postgres");
		String password = System.getenv().getOrDefault("COUNTERSIGN_DB_PASSWORD", "");
		return new BenchDatabase(url, user, password);
	}

	String name() {
		return matcher().group("name");
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
		if (!exists()) {
			execute(maintenance(), "CREATE DATABASE " + name());
		}
	}

	/** Drops and creates the database, so a run starts from empty tables. */
	void recreate() throws SQLException {
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
