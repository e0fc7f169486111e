package io.countersign.server.approval.internal.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.countersign.ledger.approval.ApproverKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's fast signature check against the JDK's {@code Signature("Ed25519")}, the
 * verifier the offline evidence check uses: on every input both must give the same
 * answer. Inputs: random keys and messages (valid), tampered ones (bit flips in R, S and
 * the message, another key), non-canonical S (S + L, high bits set), and crafted points,
 * as keys and as R: the eight small-order points and non-canonical encodings (y ≥ p, x =
 * 0 with the sign bit), including the "identity key, identity R, S = 0" signature that a
 * cofactorless check without key validation accepts for any message.
 */
class SignatureCheckTest {

	private static final HexFormat HEX = HexFormat.of();

	private static final byte[] SPKI_PREFIX = HEX.parseHex("302a300506032b6570032100");

	/** The order of the base point's subgroup, RFC 8032 §5.1. */
	private static final BigInteger L = BigInteger.TWO.pow(252)
		.add(new BigInteger("27742317777372353535851937790883648493"));

	/** Small-order points (canonical) and non-canonical encodings. */
	private static final List<String> CRAFTED_POINTS = List.of(
			// identity, order 2, order 4 (both signs), order 8 (four)
			"0100000000000000000000000000000000000000000000000000000000000000",
			"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"0000000000000000000000000000000000000000000000000000000000000000",
			"0000000000000000000000000000000000000000000000000000000000000080",
			"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
			"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
			"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
			"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
			// x = 0 with the sign bit: identity, order 2
			"0100000000000000000000000000000000000000000000000000000000000080",
			"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
			// y >= p: p + 1 (identity), p (y = 0), p + 2 .. p + 18, both signs
			"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
			"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
			"efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"f4ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
			"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
			// not on the curve (y = 2 has no x)
			"0200000000000000000000000000000000000000000000000000000000000000");

	private final Random random = new Random(20261206);

	private int cases;

	@Test
	void agreesOnRandomValidSignatures() throws Exception {
		for (int i = 0; i < 150; i++) {
			KeyPair keys = keyPair();
			byte[] message = message();
			byte[] signature = sign(keys, message);
			assertAgree(key(keys), message, signature, Optional.of(true));
			// the point of the class: a valid signature never needs the JDK's check
			assertThat(SignatureCheck.bouncyCastleVerifies(key(keys), message, signature)).isTrue();
		}
	}

	@Test
	void agreesOnTamperedSignaturesMessagesAndKeys() throws Exception {
		for (int i = 0; i < 60; i++) {
			KeyPair keys = keyPair();
			ApproverKey key = key(keys);
			byte[] message = message();
			byte[] signature = sign(keys, message);
			byte[] flipped = signature.clone();
			int bit = this.random.nextInt(512);
			flipped[bit / 8] ^= (byte) (1 << (bit % 8));
			assertAgree(key, message, flipped, Optional.of(false));
			// the top bit of S and the sign bit of R, which a sloppy decoder ignores
			assertAgree(key, message, flip(signature, 511), Optional.of(false));
			assertAgree(key, message, flip(signature, 255), Optional.of(false));
			if (message.length > 0) {
				byte[] other = message.clone();
				other[this.random.nextInt(other.length)] ^= 1;
				assertAgree(key, other, signature, Optional.of(false));
			}
			assertAgree(key(keyPair()), message, signature, Optional.of(false));
		}
	}

	@Test
	void agreesOnNonCanonicalS() throws Exception {
		for (int i = 0; i < 40; i++) {
			KeyPair keys = keyPair();
			ApproverKey key = key(keys);
			byte[] message = message();
			byte[] signature = sign(keys, message);
			BigInteger s = littleEndian(signature, 32);
			// S + L verifies the same equation; RFC 8032 requires refusing it
			assertAgree(key, message, withS(signature, s.add(L)), Optional.of(false));
			assertAgree(key, message, withS(signature, s.add(L.shiftLeft(1))), Optional.of(false));
			assertAgree(key, message, withS(signature, s.add(BigInteger.TWO.pow(255))), Optional.of(false));
			assertAgree(key, message, withS(signature, L), Optional.empty());
			assertAgree(key, message, withS(signature, BigInteger.TWO.pow(256).subtract(BigInteger.ONE)),
					Optional.empty());
		}
	}

	@Test
	void agreesOnCraftedPointsAsKeysAndAsR() throws Exception {
		List<ApproverKey> keys = new ArrayList<>();
		for (String point : CRAFTED_POINTS) {
			spkiKey(HEX.parseHex(point)).ifPresent(keys::add);
		}
		KeyPair honest = keyPair();
		keys.add(key(honest));
		byte[] message = message();
		byte[] honestSignature = sign(honest, message);
		List<byte[]> scalars = List.of(new byte[32], littleEndian32(BigInteger.ONE),
				Arrays.copyOfRange(honestSignature, 32, 64), littleEndian32(L.subtract(BigInteger.ONE)));
		for (ApproverKey key : keys) {
			for (String r : CRAFTED_POINTS) {
				for (byte[] s : scalars) {
					byte[] signature = new byte[64];
					System.arraycopy(HEX.parseHex(r), 0, signature, 0, 32);
					System.arraycopy(s, 0, signature, 32, 32);
					assertAgree(key, message, signature, Optional.empty());
					assertAgree(key, new byte[0], signature, Optional.empty());
				}
			}
			byte[] withHonestR = honestSignature.clone();
			assertAgree(key, message, withHonestR, Optional.empty());
		}
		// no crafted point is an approver key any more (ApproverKey refuses small-order,
		// non-canonical and off-curve points): what is left to agree on is crafted R
		// under
		// an honest key, and it is checked above
		assertThat(keys).hasSize(1);
	}

	@Test
	void agreesOnWrongLengths() throws Exception {
		KeyPair keys = keyPair();
		ApproverKey key = key(keys);
		byte[] message = message();
		byte[] signature = sign(keys, message);
		for (int length : new int[] { 0, 1, 32, 63, 96, 128 }) {
			byte[] wrong = Arrays.copyOf(signature, length);
			assertAgree(key, message, wrong, Optional.of(false));
		}
		// JDK 17 splits a signature in half: S with a zero byte appended is the same S.
		// Both agree; DecisionSignature refuses it before any check (server and offline).
		assertAgree(key, message, Arrays.copyOf(signature, 65), Optional.of(true));
		assertAgree(key, message, flip(Arrays.copyOf(signature, 65), 100), Optional.of(false));
	}

	@Test
	void agreesOnEmptyAndLongMessages() throws Exception {
		for (int length : new int[] { 0, 1, 64, 1000, 70_000 }) {
			KeyPair keys = keyPair();
			byte[] message = new byte[length];
			this.random.nextBytes(message);
			byte[] signature = sign(keys, message);
			assertAgree(key(keys), message, signature, Optional.of(true));
			assertAgree(key(keys), message, flip(signature, this.random.nextInt(512)), Optional.of(false));
		}
	}

	private void assertAgree(ApproverKey key, byte[] message, byte[] signature, Optional<Boolean> expected)
			throws GeneralSecurityException {
		boolean jdk = jdk(key, message, signature);
		boolean fast = SignatureCheck.verifies(key, message, signature);
		this.cases++;
		assertThat(fast)
			.as("key %s, signature %s: the server's check and the JDK's", HEX.formatHex(key.spki()),
					HEX.formatHex(signature))
			.isEqualTo(jdk);
		expected.ifPresent((answer) -> assertThat(jdk).isEqualTo(answer));
	}

	/** The reference, independent of the class under test. */
	private static boolean jdk(ApproverKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
		PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(key.spki()));
		Signature verifier = Signature.getInstance("Ed25519");
		try {
			// as ApproverKey.verifies, which the offline verifier uses: a key or
			// signature
			// the JDK cannot use does not verify
			verifier.initVerify(publicKey);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static Optional<ApproverKey> spkiKey(byte[] point) {
		byte[] der = new byte[SPKI_PREFIX.length + 32];
		System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
		System.arraycopy(point, 0, der, SPKI_PREFIX.length, 32);
		try {
			return Optional.of(ApproverKey.fromSpki(der));
		}
		catch (IllegalArgumentException refused) {
			// cannot be registered, so never reaches a signature check
			return Optional.empty();
		}
	}

	private byte[] message() {
		byte[] message = new byte[this.random.nextInt(300)];
		this.random.nextBytes(message);
		return message;
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
	}

	private static ApproverKey key(KeyPair keys) {
		return ApproverKey.fromSpki(keys.getPublic().getEncoded());
	}

	private static byte[] sign(KeyPair keys, byte[] message) throws GeneralSecurityException {
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(keys.getPrivate());
		signer.update(message);
		return signer.sign();
	}

	private static byte[] flip(byte[] bytes, int bit) {
		byte[] flipped = bytes.clone();
		flipped[bit / 8] ^= (byte) (1 << (bit % 8));
		return flipped;
	}

	private static BigInteger littleEndian(byte[] bytes, int offset) {
		byte[] big = new byte[32];
		for (int i = 0; i < 32; i++) {
			big[31 - i] = bytes[offset + i];
		}
		return new BigInteger(1, big);
	}

	private static byte[] littleEndian32(BigInteger value) {
		byte[] out = new byte[32];
		byte[] big = value.toByteArray();
		for (int i = 0; i < big.length && i < 32; i++) {
			out[i] = big[big.length - 1 - i];
		}
		return out;
	}

	private static byte[] withS(byte[] signature, BigInteger s) {
		byte[] out = signature.clone();
		System.arraycopy(littleEndian32(s.mod(BigInteger.TWO.pow(256))), 0, out, 32, 32);
		return out;
	}

}
