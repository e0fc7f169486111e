package io.countersign.server.access.internal.totp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP against RFC 6238 Appendix B, and the drift window around now. */
class TotpTest {

	/** The SHA1 seed of RFC 6238 Appendix B: the ASCII string "12345678901234567890". */
	private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void codesMatchTheSha1TestVectorsOfRfc6238(long unixSeconds, String expected) {
		long step = Totp.step(Instant.ofEpochSecond(unixSeconds));

		assertThat(Totp.code(RFC_SEED, step, 8)).isEqualTo(expected);
	}

	@Test
	void sixDigitCodesAreTheLastSixDigitsOfTheRfcValues() {
		assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59)), 6)).isEqualTo("287082");
		assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 6)).isEqualTo("081804");
	}

	@Test
	void codesOfOneStepEitherSideOfNowAreAcceptedWithTheirStep() {
		Instant now = Instant.ofEpochSecond(1111111111);
		long current = Totp.step(now);

		for (long step = current - 1; step <= current + 1; step++) {
			assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step, 6), now)).hasValue(step);
		}
	}

	@Test
	void codesTwoStepsAwayAreRefused() {
		Instant now = Instant.ofEpochSecond(1111111111);
		long current = Totp.step(now);

		assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, current - 2, 6), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, current + 2, 6), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SEED, "12345", now)).isEmpty();
	}

	@Test
	void aStepLastsThirtySeconds() {
		Instant start = Instant.ofEpochSecond(1_800_000_000L);

		assertThat(Totp.step(start.plus(Duration.ofSeconds(29)))).isEqualTo(Totp.step(start));
		assertThat(Totp.step(start.plus(Duration.ofSeconds(30)))).isEqualTo(Totp.step(start) + 1);
	}

}
