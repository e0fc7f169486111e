package io.countersign.server.cli;

import java.nio.file.Path;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import picocli.CommandLine.Option;

/**
 * Where the ledger lives and how to unseal its keys: the options {@code verify} and
 * {@code export} share. Credentials and the master key may come from the environment so
 * they stay out of shell history and process listings.
 */
final class DatabaseOptions {

	@Option(names = "--db", paramLabel = "<jdbc-url>",
			description = "JDBC URL of the ledger database, e.g. jdbc:postgresql://127.0.0.1:5432/countersign, "
					+ "or jdbc:h2:file:./data/countersign for the embedded one (stop the server first).")
	String url;

	@Option(names = "--user", paramLabel = "<user>", defaultValue = "${env:COUNTERSIGN_DB_USER}",
			description = "Database user (default: $COUNTERSIGN_DB_USER).")
	String user;

	@Option(names = "--password", paramLabel = "<password>", defaultValue = "${env:COUNTERSIGN_DB_PASSWORD}",
			description = "Database password (default: $COUNTERSIGN_DB_PASSWORD).")
	String password;

	@Option(names = "--master-key", paramLabel = "<base64>", defaultValue = "${env:COUNTERSIGN_MASTER_KEY}",
			description = "Master key that seals the ledger keys (default: $COUNTERSIGN_MASTER_KEY, "
					+ "else <data-dir>/master.key).")
	String masterKey;

	@Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "${env:COUNTERSIGN_DATA_DIR:-./data}",
			description = "Data directory holding master.key when no master key is given (default: ${DEFAULT-VALUE}).")
	Path dataDir;

	boolean present() {
		return this.url != null;
	}

	/**
	 * A connection per use, straight from the driver: a command makes a handful of
	 * connections, so a pool would only slow the start.
	 */
	DataSource dataSource() {
		DriverManagerDataSource dataSource = new EmbeddedDatabase(this.url);
		Optional.ofNullable(this.user).ifPresent(dataSource::setUsername);
		Optional.ofNullable(this.password).ifPresent(dataSource::setPassword);
		return dataSource;
	}

	Optional<String> configuredMasterKey() {
		return Optional.ofNullable(this.masterKey).filter((key) -> !key.isBlank());
	}

}
