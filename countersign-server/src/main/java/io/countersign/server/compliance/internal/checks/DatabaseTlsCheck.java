package io.countersign.server.compliance.internal.checks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.storage.DatabaseKind;

import org.springframework.stereotype.Component;

/**
 * The database connection uses TLS, as PostgreSQL reports it for this very connection
 * ({@code pg_stat_ssl} of our own backend), never from the JDBC URL's settings. The
 * embedded H2 database has no network connection to encrypt, and an H2 server reports
 * nothing: cannot verify.
 */
@Component
public class DatabaseTlsCheck implements Check {

	static final String ID = "database-tls";

	private final DataSource dataSource;

	public DatabaseTlsCheck(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (DatabaseKind.of(connection) != DatabaseKind.POSTGRESQL) {
				return Results.cannotVerify(ID, context,
						"The embedded H2 database is reached without a network connection, and H2 reports no "
								+ "connection encryption: whether data travels encrypted cannot be seen from here.",
						Map.of("database", "h2"));
			}
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
					ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return Results.cannotVerify(ID, context,
							"PostgreSQL reported no pg_stat_ssl row for this connection.",
							Map.of("database", "postgresql"));
				}
				return decide(context, rs.getBoolean(1), rs.getString(2), rs.getString(3));
			}
		}
		catch (SQLException | RuntimeException ex) {
			return Results.cannotVerify(ID, context,
					"The connection's encryption could not be read from pg_stat_ssl: " + ex.getMessage(),
					Map.of("database", "postgresql"));
		}
	}

	static CheckResult decide(CheckContext context, boolean ssl, String version, String cipher) {
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("database", "postgresql");
		facts.put("ssl", ssl);
		if (ssl) {
			facts.put("version", String.valueOf(version));
			facts.put("cipher", String.valueOf(cipher));
			return Results.of(ID, context, CheckOutcome.PASSED,
					"PostgreSQL reports this server's connection encrypted with " + version + " (" + cipher + ").",
					facts);
		}
		return Results.of(ID, context, CheckOutcome.FAILED,
				"PostgreSQL reports this server's connection unencrypted (pg_stat_ssl.ssl = false).", facts);
	}

}
