package io.countersign.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The master key and API token a bench server runs with. They belong to one bench
 * database: a ledger kept for reuse needs the master key that sealed its keys, so they
 * are kept in a file only the owner can read, next to nothing else, and never printed.
 */
final class ServerSecrets {

	private final String masterKey;

	private final String token;

	private ServerSecrets(String masterKey, String token) {
		this.masterKey = masterKey;
		this.token = token;
	}

	static ServerSecrets generate() {
		SecureRandom random = new SecureRandom();
		byte[] key = new byte[32];
		random.nextBytes(key);
		byte[] token = new byte[24];
		random.nextBytes(token);
		return new ServerSecrets(Base64.getEncoder().encodeToString(key),
				"csb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(token));
	}

	/** The secrets stored for a database, if any were. */
	static Optional<ServerSecrets> load(Path file) throws IOException {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		return Optional.of(new ServerSecrets(properties.getProperty("master-key"), properties.getProperty("token")));
	}

	void store(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Properties properties = new Properties();
		properties.setProperty("master-key", this.masterKey);
		properties.setProperty("token", this.token);
		try (Writer writer = Files.newBufferedWriter(file)) {
			properties.store(writer, "Countersign bench secrets for one bench database");
		}
	}

	String masterKey() {
		return this.masterKey;
	}

	String token() {
		return this.token;
	}

	Map<String, Object> asProperties() {
		return Map.of("countersign.master-key", this.masterKey, "countersign.bootstrap-token", this.token);
	}

	Map<String, String> asEnvironment() {
		return Map.of("COUNTERSIGN_MASTER_KEY", this.masterKey, "COUNTERSIGN_BOOTSTRAP_TOKEN", this.token);
	}

	@Override
	public String toString() {
		return "ServerSecrets[hidden]";
	}

}
