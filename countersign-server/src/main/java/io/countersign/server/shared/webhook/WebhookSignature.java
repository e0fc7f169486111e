package io.countersign.server.shared.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one way Countersign signs what it sends to a receiver (notification webhooks,
 * executor webhooks): HMAC-SHA256 with the receiver's shared secret over
 * {@code <unix seconds>.<body>}, sent as {@value #HEADER}:
 * {@code t=<unix seconds>,v1=<lowercase hex>}. The time is inside the MAC so a captured
 * call cannot be replayed later than the receiver's tolerance; the body is the exact
 * bytes sent, so the receiver checks before it parses.
 */
public final class WebhookSignature {

	/** The header carrying the signature. */
	public static final String HEADER = "Countersign-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private WebhookSignature() {
	}

	/** The header value for this body, sent at {@code at}. */
	public static String sign(byte[] secret, Instant at, byte[] body) {
		long seconds = at.getEpochSecond();
		return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac(secret, seconds, body));
	}

	/**
	 * Whether {@code header} is a valid signature of {@code body} under {@code secret},
	 * made no further than {@code tolerance} from {@code now}: what a receiver runs
	 * (Countersign's own tests and the Java client's receivers).
	 */
	public static boolean verify(byte[] secret, String header, byte[] body, Instant now, Duration tolerance) {
		if (header == null) {
			return false;
		}
		Long seconds = null;
		byte[] presented = null;
		for (String part : header.split(",")) {
			String[] pair = part.trim().split("=", 2);
			if (pair.length != 2) {
				return false;
			}
			try {
				switch (pair[0]) {
					case "t" -> seconds = Long.parseLong(pair[1]);
					case "v1" -> presented = HexFormat.of().parseHex(pair[1]);
					default -> {
						// Unknown fields are ignored so that a later scheme can be added
						// beside v1.
					}
				}
			}
			catch (IllegalArgumentException malformed) {
				return false;
			}
		}
		if (seconds == null || presented == null) {
			return false;
		}
		if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
			return false;
		}
		return MessageDigest.isEqual(mac(secret, seconds, body), presented);
	}

	private static byte[] mac(byte[] secret, long seconds, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret, ALGORITHM));
			mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", ex);
		}
	}

}
