package io.countersign.ledger.chain;

import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.ledger.Hash;
import io.countersign.ledger.testing.RandomCase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChainHmacTest {

	@Test
	void chainIsTheHmacOfThePreviousChainFollowedByTheLeafHash() {
		RandomCase.check(200, (random) -> {
			byte[] key = bytes(random, random.between(1, 80));
			byte[] buffer = bytes(random, 200);
			int previousAt = random.between(0, buffer.length - Hash.SIZE);
			int leafHashAt = random.between(0, buffer.length - Hash.SIZE);
			byte[] previous = Arrays.copyOfRange(buffer, previousAt, previousAt + Hash.SIZE);
			byte[] leafHash = Arrays.copyOfRange(buffer, leafHashAt, leafHashAt + Hash.SIZE);
			byte[] expected = hmac(key, previous, leafHash);

			ChainHmac chain = ChainHmac.withKey(key);
			byte[] out = new byte[70];
			int at = random.between(0, out.length - Hash.SIZE);
			chain.next(buffer, previousAt, Hash.SIZE, buffer, leafHashAt, out, at);
			assertThat(Arrays.copyOfRange(out, at, at + Hash.SIZE)).isEqualTo(expected);
			// the same chainer again (doFinal reset it), and the Hash forms
			assertThat(chain.next(Hash.of(previous), Hash.of(leafHash)).bytes()).isEqualTo(expected);
			assertThat(ChainHmac.next(key, Hash.of(previous), Hash.of(leafHash)).bytes()).isEqualTo(expected);
		});
	}

	@Test
	void aChainValueDependsOnTheKey() {
		Hash leafHash = Hash.of(new byte[Hash.SIZE]);
		assertThat(ChainHmac.next(new byte[] { 1 }, ChainHmac.GENESIS, leafHash))
			.isNotEqualTo(ChainHmac.next(new byte[] { 2 }, ChainHmac.GENESIS, leafHash));
	}

	@Test
	void anEmptyKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChainHmac.withKey(new byte[0]));
	}

	private static byte[] hmac(byte[] key, byte[] previous, byte[] leafHash) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(previous);
			return mac.doFinal(leafHash);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(RandomCase random, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) random.between(0, 255);
		}
		return bytes;
	}

}
