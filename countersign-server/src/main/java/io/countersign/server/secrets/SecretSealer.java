package io.countersign.server.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * Seals secrets for storage under the {@link MasterKey} with AES-256-GCM. The
 * {@code context} (for example {@code "ledger_key/hmac/3"}) is bound as associated data,
 * so a sealed value copied to another row does not open there.
 *
 * <p>
 * Format: {@code version (1 byte) ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)}; the
 * version byte is authenticated too, so a later format can never be confused with this
 * one.
 */
public final class SecretSealer {

	/** Format version 1: AES-256-GCM, 96-bit random nonce, 128-bit tag. */
	static final byte VERSION_1 = 1;

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final MasterKey masterKey;

	private final SecureRandom random;

	public SecretSealer(MasterKey masterKey) {
		this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
		this.random = new SecureRandom();
	}

	/** Encrypts and authenticates {@code plaintext} for the given context. */
	public byte[] seal(byte[] plaintext, String context) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
			byte[] ciphertext = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_LENGTH + ciphertext.length)
				.put(VERSION_1)
				.put(nonce)
				.put(ciphertext)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-GCM is not available in this JVM", ex);
		}
	}

	/**
	 * Opens a value sealed by {@link #seal} with the same master key and context.
	 * @throws UnsealException if the value was altered, belongs to another context, or
	 * was sealed under a different master key
	 */
	public byte[] unseal(byte[] sealed, String context) {
		if (sealed.length < 1 + NONCE_LENGTH + TAG_BITS / 8) {
			throw new UnsealException(context, "too short to be a sealed secret");
		}
		if (sealed[0] != VERSION_1) {
			throw new UnsealException(context, "unknown format version " + sealed[0]);
		}
		byte[] nonce = new byte[NONCE_LENGTH];
		System.arraycopy(sealed, 1, nonce, 0, NONCE_LENGTH);
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
			return cipher.doFinal(sealed, 1 + NONCE_LENGTH, sealed.length - 1 - NONCE_LENGTH);
		}
		catch (AEADBadTagException ex) {
			throw new UnsealException(context, "authentication failed (wrong master key, wrong context, or altered)");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-GCM is not available in this JVM", ex);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance(TRANSFORMATION);
		cipher.init(mode, this.masterKey.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(new byte[] { VERSION_1 });
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/** A sealed secret that cannot be opened with this master key and context. */
	public static final class UnsealException extends CountersignException {

		UnsealException(String context, String reason) {
			super(ErrorCode.ERR_INTERNAL, "cannot unseal secret '" + context + "': " + reason);
		}

	}

}
