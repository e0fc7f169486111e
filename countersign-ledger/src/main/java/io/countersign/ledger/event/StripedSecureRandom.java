package io.countersign.ledger.event;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cryptographically strong random bits for many concurrent producers: one shared
 * {@link SecureRandom} serialises every caller on its lock, so draws are spread over a
 * few independently seeded DRBG instances instead.
 */
final class StripedSecureRandom {

	private static final SecureRandom[] STRIPES = stripes(Math.max(2, Runtime.getRuntime().availableProcessors() * 4));

	private StripedSecureRandom() {
	}

	static void nextBytes(byte[] bytes) {
		stripe().nextBytes(bytes);
	}

	static long nextLong() {
		return stripe().nextLong();
	}

	static int nextInt(int bound) {
		return stripe().nextInt(bound);
	}

	// ThreadLocalRandom only picks the stripe; the bits come from the SecureRandom.
	private static SecureRandom stripe() {
		return STRIPES[ThreadLocalRandom.current().nextInt(STRIPES.length)];
	}

	private static SecureRandom[] stripes(int count) {
		SecureRandom[] stripes = new SecureRandom[count];
		for (int i = 0; i < count; i++) {
			stripes[i] = drbg();
		}
		return stripes;
	}

	private static SecureRandom drbg() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

}
