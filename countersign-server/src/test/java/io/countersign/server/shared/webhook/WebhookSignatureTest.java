package io.countersign.server.shared.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

	private static final byte[] SECRET = "receiver-secret".getBytes(StandardCharsets.UTF_8);

	private static final Instant AT = Instant.parse("2026-12-06T22:00:00Z");

	private static final byte[] BODY = "{\"request\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void signatureIsHmacSha256OfTimeDotBodyAsComputedIndependently() throws Exception {
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
		String expected = HexFormat.of()
			.formatHex(mac.doFinal((AT.getEpochSecond() + ".{\"request\":\"r-1\"}").getBytes(StandardCharsets.UTF_8)));

		assertThat(WebhookSignature.sign(SECRET, AT, BODY)).isEqualTo("t=" + AT.getEpochSecond() + ",v1=" + expected);
	}

	@Test
	void receiverAcceptsTheSignatureItWasSent() {
		String header = WebhookSignature.sign(SECRET, AT, BODY);

		assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plusSeconds(30), Duration.ofMinutes(5))).isTrue();
	}

	@Test
	void receiverRejectsAnAlteredBodyAWrongSecretAReplayAndGarbage() {
		String header = WebhookSignature.sign(SECRET, AT, BODY);
		Duration tolerance = Duration.ofMinutes(5);

		assertThat(WebhookSignature.verify(SECRET, header, "{\"request\":\"r-2\"}".getBytes(StandardCharsets.UTF_8), AT,
				tolerance))
			.isFalse();
		assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), header, BODY, AT, tolerance))
			.isFalse();
		assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plus(Duration.ofMinutes(6)), tolerance)).isFalse();
		assertThat(WebhookSignature.verify(SECRET, "t=1,v1=zz", BODY, AT, tolerance)).isFalse();
		assertThat(WebhookSignature.verify(SECRET, "v1=00", BODY, AT, tolerance)).isFalse();
		assertThat(WebhookSignature.verify(SECRET, null, BODY, AT, tolerance)).isFalse();
	}

	@Test
	void aLaterTimeCannotBeSplicedOntoAnEarlierSignature() {
		String header = WebhookSignature.sign(SECRET, AT, BODY);
		String spliced = header.replace("t=" + AT.getEpochSecond(), "t=" + AT.plusSeconds(3600).getEpochSecond());

		assertThat(WebhookSignature.verify(SECRET, spliced, BODY, AT.plusSeconds(3600), Duration.ofMinutes(5)))
			.isFalse();
	}

}
