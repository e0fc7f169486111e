package io.countersign.server.secrets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit key under which Countersign seals its other secrets (ledger HMAC and
 * signing keys). Configured from a secret store in production; generated into the data
 * directory for a zero-setup start. Usable without Spring, so the CLI can open the same
 * secrets.
 */
public final class MasterKey {

	/** Name of the generated key file inside the data directory. */
	public static final String FILE_NAME = "master.key";

	static final int LENGTH = 32;

	private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

	private final byte[] key;

	private MasterKey(byte[] key) {
		if (key.length != LENGTH) {
			throw new InvalidMasterKeyException("the master key must be exactly " + LENGTH
					+ " bytes (base64 of 32 random bytes), got " + key.length);
		}
		this.key = key.clone();
	}

	/**
	 * A master key from its base64 form; the message on failure never contains the key.
	 */
	public static MasterKey fromBase64(String base64) {
		try {
			return new MasterKey(Base64.getDecoder().decode(base64.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMasterKeyException("the master key is not valid base64 (expected base64 of 32 bytes)");
		}
	}

	/** A fresh random master key. */
	public static MasterKey generate() {
		byte[] key = new byte[LENGTH];
		new SecureRandom().nextBytes(key);
		return new MasterKey(key);
	}

	/**
	 * The master key to use: the configured one if present, otherwise the one in
	 * {@code <dataDir>/master.key}, created on first use.
	 * @param dataDir the data directory ({@code countersign.data-dir})
	 * @param configured base64 key from {@code countersign.master-key}, if set
	 * @throws InvalidMasterKeyException if the configured key or the key file is
	 * malformed
	 */
	public static MasterKey resolve(Path dataDir, Optional<String> configured) {
		Optional<String> value = configured.map(String::strip).filter((v) -> !v.isEmpty());
		if (value.isPresent()) {
			try {
				return fromBase64(value.get());
			}
			catch (InvalidMasterKeyException ex) {
				throw new InvalidMasterKeyException("countersign.master-key (COUNTERSIGN_MASTER_KEY) is malformed: "
						+ ex.getMessage() + "; generate one with: openssl rand -base64 32");
			}
		}
		Path file = dataDir.resolve(FILE_NAME);
		try {
			if (Files.exists(file)) {
				return read(file);
			}
			return create(file);
		}
		catch (IOException ex) {
			throw new InvalidMasterKeyException("cannot read or create the master key file " + file + ": " + ex, ex);
		}
	}

	private static MasterKey read(Path file) throws IOException {
		try {
			return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
		}
		catch (InvalidMasterKeyException ex) {
			throw new InvalidMasterKeyException("the master key file " + file + " is malformed: " + ex.getMessage());
		}
	}

	private static MasterKey create(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		MasterKey generated = generate();
		try (OutputStream out = Files.newOutputStream(createOwnerOnly(file), StandardOpenOption.WRITE,
				StandardOpenOption.SYNC)) {
			out.write((Base64.getEncoder().encodeToString(generated.key) + "\n").getBytes(StandardCharsets.US_ASCII));
		}
		catch (FileAlreadyExistsException ex) {
			// another instance sharing this data directory won the race: use its key
			return read(file);
		}
		log.warn("No master key configured: generated one into {}. Production deployments should supply "
				+ "COUNTERSIGN_MASTER_KEY from a secret store and keep a backup: without the key, sealed ledger "
				+ "keys cannot be opened.", file.toAbsolutePath());
		return generated;
	}

	private static Path createOwnerOnly(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			return Files.createFile(file,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		return Files.createFile(file);
	}

	SecretKey secretKey() {
		return new SecretKeySpec(this.key, "AES");
	}

	/** Whether two keys are the same, in constant time. */
	public boolean sameAs(MasterKey other) {
		return MessageDigest.isEqual(this.key, other.key);
	}

	@Override
	public String toString() {
		return "MasterKey[******]";
	}

	/** Raised when a configured or stored master key cannot be used; stops startup. */
	public static final class InvalidMasterKeyException extends IllegalStateException {

		InvalidMasterKeyException(String message) {
			super(message);
		}

		InvalidMasterKeyException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
