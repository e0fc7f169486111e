// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which Ed25519 public keys an approver may register and the offline verifier accepts:
 * every key the JDK generates, and no key whose signatures would not bind a message.
 */
class ApproverKeyTest {

	private static final HexFormat HEX = HexFormat.of();

	private static final byte[] SPKI_PREFIX = HEX.parseHex("302a300506032b6570032100");

	private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

	/**
	 * The eight small-order points, canonically encoded, and the two with x = 0 and a
	 * sign bit.
	 */
	private static final List<String> SMALL_ORDER = List.of(
			"0100000000000000000000000000000000000000000000000000000000000000",
			"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"0000000000000000000000000000000000000000000000000000000000000000",
			"0000000000000000000000000000000000000000000000000000000000000080",
			"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
			"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
			"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
			"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
			"0100000000000000000000000000000000000000000000000000000000000080",
			"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

	/** y ≥ p: p + 1 (the identity again), p (y = 0 again), p + 2, and the largest. */
	private static final List<String> NON_CANONICAL = List.of(
			"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

	@Test
	void everyKeyTheJdkGeneratesIsAccepted() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
		for (int i = 0; i < 500; i++) {
			byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
			assertThat(ApproverKey.fromSpki(spki).spki()).isEqualTo(spki);
		}
	}

	@Test
	void smallOrderKeysAreRefusedBecauseTheirSignaturesBindNoMessage() {
		for (String raw : SMALL_ORDER) {
			byte[] spki = spki(raw);
			assertThatIllegalArgumentException().as(raw)
				.isThrownBy(() -> ApproverKey.fromSpki(spki))
				.withMessageContaining("small-order");
		}
	}

	@Test
	void nonCanonicalEncodingsAreRefused() {
		for (String raw : NON_CANONICAL) {
			byte[] spki = spki(raw);
			assertThatIllegalArgumentException().as(raw).isThrownBy(() -> ApproverKey.fromSpki(spki));
		}
	}

	@Test
	void aPointOffTheCurveIsRefused() {
		// y = 2: (y² - 1) / (d y² + 1) has no square root mod p
		byte[] spki = spki("0200000000000000000000000000000000000000000000000000000000000000");
		assertThatIllegalArgumentException().isThrownBy(() -> ApproverKey.fromSpki(spki))
			.withMessageContaining("not a point");
	}

	@Test
	void theOrderEightYDoublesToAPointOfOrderFour() {
		// doubling (a = -1) gives y' = (y² + x²) / (1 - d x² y²); y' = 0 (order 4) needs
		// x² = -y², and on -x² + y² = 1 + d x² y² that is d y⁴ + 2 y² - 1 = 0; times
		// 121666,
		// with d = -121665/121666 (RFC 8032 §5.1): -121665 y⁴ + 243332 y² - 121666 = 0
		for (String raw : List.of(SMALL_ORDER.get(4), SMALL_ORDER.get(6))) {
			BigInteger y = littleEndian(raw);
			BigInteger ySquared = y.multiply(y).mod(P);
			BigInteger value = ySquared.multiply(ySquared)
				.multiply(BigInteger.valueOf(-121665))
				.add(ySquared.multiply(BigInteger.valueOf(243332)))
				.subtract(BigInteger.valueOf(121666))
				.mod(P);
			assertThat(value).isZero();
		}
		assertThat(littleEndian(SMALL_ORDER.get(4)).add(littleEndian(SMALL_ORDER.get(6)))).isEqualTo(P);
	}

	private static BigInteger littleEndian(String raw) {
		byte[] bytes = HEX.parseHex(raw);
		byte[] bigEndian = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			bigEndian[i] = bytes[bytes.length - 1 - i];
		}
		bigEndian[0] &= 0x7f;
		return new BigInteger(1, bigEndian);
	}

	private static byte[] spki(String raw) {
		byte[] spki = new byte[SPKI_PREFIX.length + 32];
		System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
		System.arraycopy(HEX.parseHex(raw), 0, spki, SPKI_PREFIX.length, 32);
		return spki;
	}

}
