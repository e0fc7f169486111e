package io.countersign.server.secrets;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

	private final MasterKey key = MasterKey.generate();

	private final SecretSealer sealer = new SecretSealer(this.key);

	private final byte[] secret = "ledger hmac key".getBytes(StandardCharsets.UTF_8);

	@Test
	void sealedSecretOpensWithSameKeyAndContext() {
		byte[] sealed = this.sealer.seal(this.secret, "ledger_key/hmac/1");

		assertThat(new SecretSealer(this.key).unseal(sealed, "ledger_key/hmac/1")).isEqualTo(this.secret);
	}

	@Test
	void sealedFormatIsVersionNonceCiphertextAndTag() {
		byte[] sealed = this.sealer.seal(this.secret, "c");

		assertThat(sealed[0]).isEqualTo(SecretSealer.VERSION_1);
		assertThat(sealed).hasSize(1 + 12 + this.secret.length + 16);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("ledger hmac key");
	}

	@Test
	void everySealUsesAFreshNonce() {
		assertThat(this.sealer.seal(this.secret, "c")).isNotEqualTo(this.sealer.seal(this.secret, "c"));
	}

	@Test
	void sealedSecretDoesNotOpenInAnotherContext() {
		byte[] sealed = this.sealer.seal(this.secret, "ledger_key/hmac/1");

		assertThatThrownBy(() -> this.sealer.unseal(sealed, "ledger_key/hmac/2"))
			.isInstanceOf(SecretSealer.UnsealException.class);
	}

	@Test
	void sealedSecretDoesNotOpenUnderAnotherMasterKey() {
		byte[] sealed = this.sealer.seal(this.secret, "c");

		assertThatThrownBy(() -> new SecretSealer(MasterKey.generate()).unseal(sealed, "c"))
			.isInstanceOf(SecretSealer.UnsealException.class);
	}

	@Test
	void alteredSecretDoesNotOpen() {
		for (int i = 0; i < this.sealer.seal(this.secret, "c").length; i++) {
			byte[] sealed = this.sealer.seal(this.secret, "c");
			sealed[i] ^= 0x01;
			assertThatThrownBy(() -> this.sealer.unseal(sealed, "c")).as("flipped byte %d", i)
				.isInstanceOf(SecretSealer.UnsealException.class);
		}
	}

	@Test
	void truncatedSecretDoesNotOpen() {
		assertThatThrownBy(() -> this.sealer.unseal(new byte[] { 1, 2, 3 }, "c"))
			.isInstanceOf(SecretSealer.UnsealException.class);
	}

}
