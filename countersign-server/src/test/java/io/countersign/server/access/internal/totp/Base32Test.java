package io.countersign.server.access.internal.totp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Base32 against the test vectors of RFC 4648 section 10, without padding. */
class Base32Test {

	@ParameterizedTest
	@CsvSource({ "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI" })
	void encodesTheRfc4648VectorsWithoutPadding(String text, String expected) {
		assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
		assertThat(Base32.decode(expected)).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void decodesPaddedAndLowerCaseText() {
		assertThat(Base32.decode("mzxw6ytb======")).isEqualTo("fooba".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void aTotpSecretSurvivesTheRoundTrip() {
		byte[] secret = new byte[Totp.SECRET_BYTES];
		new SecureRandom().nextBytes(secret);

		assertThat(Base32.encode(secret)).hasSize(32).matches("[A-Z2-7]+");
		assertThat(Base32.decode(Base32.encode(secret))).isEqualTo(secret);
	}

	@Test
	void refusesCharactersOutsideTheAlphabet() {
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZ1W"));
	}

}
