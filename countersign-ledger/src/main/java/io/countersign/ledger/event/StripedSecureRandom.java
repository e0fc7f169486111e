package io.countersign.ledger.event;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cryptographically strong random bits for many concurrent producers: one shared
 * {@link SecureRandom} serialises every caller on its lock, so draws are spread over a
 * few independently seeded DRBG instances instead. Each thread draws a block at a time
 * and hands it out in small pieces: a DRBG call has a fixed cost (the Hash_DRBG state
 * update is several SHA-256 blocks) that would otherwise be paid for every 8 or 16 bytes
 * of every event.
 */
final class StripedSecureRandom {

	private static final SecureRandom[] STRIPES = stripes(Math.max(2, Runtime.getRuntime().availableProcessors() * 4));

	private StripedSecureRandom() {
	}

	private static final int BLOCK = 512;

	// Bits drawn but not used yet; a thread's bits are never given to another thread.
	private static final ThreadLocal<Block> BLOCKS = ThreadLocal.withInitial(Block::new);

	static void nextBytes(byte[] bytes) {
		BLOCKS.get().take(bytes);
	}

	/** 64 random bits. */
	static long nextLong() {
		byte[] bytes = new byte[Long.BYTES];
		nextBytes(bytes);
		long value = 0;
		for (byte b : bytes) {
			value = (value << 8) | (b & 0xFF);
		}
		return value;
	}

	// ThreadLocalRandom only picks the stripe; the bits come from the SecureRandom.
	private static SecureRandom stripe() {
		return STRIPES[ThreadLocalRandom.current().nextInt(STRIPES.length)];
	}

	private static final class Block {

		private final byte[] bits = new byte[BLOCK];

		private int used = BLOCK;

		void take(byte[] bytes) {
			int filled = 0;
			while (filled < bytes.length) {
				if (this.used == BLOCK) {
					stripe().nextBytes(this.bits);
					this.used = 0;
				}
				int count = Math.min(bytes.length - filled, BLOCK - this.used);
				System.arraycopy(this.bits, this.used, bytes, filled, count);
				// what was handed out is not kept
				java.util.Arrays.fill(this.bits, this.used, this.used + count, (byte) 0);
				this.used += count;
				filled += count;
			}
		}

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
