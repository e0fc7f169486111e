package io.countersign.server.cli.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.SigningMessage;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An approver's Ed25519 private key in a local file: PKCS#8 PEM, exactly as
 * {@code openssl genpkey -algorithm ed25519} writes it, so a key made by either tool
 * works with the other. The private key never leaves this process; only signatures and
 * the public key go to the server.
 */
final class ApproverKeyFile {

	private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String END = "-----END PRIVATE KEY-----";

	/**
	 * The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), before the 32 key
	 * bytes.
	 */
	private static final byte[] SPKI_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
			0x00 };

	private final PrivateKey privateKey;

	private final ApproverKey publicKey;

	private ApproverKeyFile(PrivateKey privateKey, ApproverKey publicKey) {
		this.privateKey = privateKey;
		this.publicKey = publicKey;
	}

	/** A new random key pair (not yet written anywhere). */
	static ApproverKeyFile generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			return new ApproverKeyFile(pair.getPrivate(), ApproverKey.fromSpki(pair.getPublic().getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java 17 platform provides Ed25519", ex);
		}
	}

	/** Reads a PKCS#8 PEM file holding an Ed25519 private key. */
	static ApproverKeyFile read(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII).strip();
		}
		catch (IOException ex) {
			throw new AdminFailure("cannot read the key file " + file + ": " + ex.getMessage());
		}
		int begin = text.indexOf(BEGIN);
		int end = text.indexOf(END);
		if (begin < 0 || end < begin) {
			throw new AdminFailure(file + " is not a private key in PKCS#8 PEM (\"" + BEGIN + "\"), as openssl "
					+ "genpkey -algorithm ed25519 writes it");
		}
		try {
			byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
			PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
			return new ApproverKeyFile(key, publicKeyOf((EdECPrivateKey) key));
		}
		catch (IllegalArgumentException | GeneralSecurityException | ClassCastException ex) {
			throw new AdminFailure(file + " does not hold an Ed25519 private key");
		}
	}

	// the JDK cannot derive a public key from a private one; Bouncy Castle (already on
	// the class path for Argon2) can
	private static ApproverKey publicKeyOf(EdECPrivateKey key) {
		byte[] seed = key.getBytes().orElseThrow(() -> new AdminFailure("the private key's bytes are not readable"));
		byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
		byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
		System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
		System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
		return ApproverKey.fromSpki(spki);
	}

	ApproverKey publicKey() {
		return this.publicKey;
	}

	/**
	 * The base64 Ed25519 signature over the message's bytes, as a decision carries it.
	 */
	String sign(SigningMessage message) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(this.privateKey);
			signer.update(message.bytes());
			return new DecisionSignature(signer.sign()).base64();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("signing with Ed25519 failed", ex);
		}
	}

	/**
	 * Writes the private key to {@code file}, readable by its owner only from the moment
	 * it exists, and never over an existing file (it could be someone's only copy of a
	 * registered key).
	 */
	void writePrivate(Path file) {
		String base64 = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(this.privateKey.getEncoded());
		String pem = BEGIN + "\n" + base64 + "\n" + END + "\n";
		try {
			try {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException notPosix) {
				// e.g. Windows: the file inherits the directory's access list
				Files.createFile(file);
			}
			Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (FileAlreadyExistsException ex) {
			throw new AdminFailure(file + " exists; not overwriting a key file");
		}
		catch (IOException ex) {
			throw new AdminFailure("cannot write " + file + ": " + ex.getMessage());
		}
	}

	/** Writes the public key as SPKI PEM, as {@code openssl pkey -pubout} does. */
	void writePublic(Path file) {
		try {
			Files.writeString(file, this.publicKey.pem(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new AdminFailure("cannot write " + file + ": " + ex.getMessage());
		}
	}

}
