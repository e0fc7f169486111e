package io.countersign.server.access.internal.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1
 * (RFC 4226 HOTP) over 30-second steps counted from the Unix epoch, six digits.
 */
final class Totp {

	static final int DIGITS = 6;

	static final long STEP_SECONDS = 30;

	/** Steps accepted either side of now, for clock drift (RFC 6238 section 5.2). */
	static final int DRIFT_STEPS = 1;

	/** 160 bits, the key length RFC 4226 section 4 recommends. */
	static final int SECRET_BYTES = 20;

	private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
			100_000_000 };

	private Totp() {
	}

	/** The time step T of RFC 6238 section 4.2, with T0 = 0 and X = 30 seconds. */
	static long step(Instant time) {
		return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
	}

	/** HOTP(K, C) of RFC 4226 section 5.3 with C = {@code step}, zero-padded. */
	static String code(byte[] secret, long step, int digits) {
		byte[] hmac = hmacSha1(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
		// dynamic truncation: the low 4 bits of the last byte give the offset
		int offset = hmac[hmac.length - 1] & 0x0F;
		int binary = ((hmac[offset] & 0x7F) << 24) | ((hmac[offset + 1] & 0xFF) << 16)
				| ((hmac[offset + 2] & 0xFF) << 8) | (hmac[offset + 3] & 0xFF);
		String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
		return "0".repeat(digits - code.length()) + code;
	}

	/**
	 * The step whose code {@code code} is, within {@link #DRIFT_STEPS} of {@code now};
	 * the caller must still make sure the step is used only once.
	 */
	static Optional<Long> matchingStep(byte[] secret, String code, Instant now) {
		byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
		long current = step(now);
		Optional<Long> match = Optional.empty();
		// every candidate is computed and compared in constant time, so timing does not
		// tell which step matched
		for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
			byte[] expected = code(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
			if (MessageDigest.isEqual(expected, presented) && match.isEmpty()) {
				match = Optional.of(step);
			}
		}
		return match;
	}

	private static byte[] hmacSha1(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available in this JVM", ex);
		}
	}

}
