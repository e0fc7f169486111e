package io.countersign.server.access;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import io.countersign.server.config.CountersignProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can call the API on a fresh installation. At startup, after the
 * migrations and before the server accepts requests:
 * <ul>
 * <li>a configured {@code countersign.bootstrap-token} is stored (its hash) unless
 * already present, so it is accepted even when other tokens exist, e.g. after it was
 * rotated in the secret store;</li>
 * <li>otherwise, if no token exists at all, a random one is generated, stored, and
 * printed once to standard output (never to the log).</li>
 * </ul>
 */
@Component
class BootstrapToken implements SmartInitializingSingleton {

	/**
	 * Shortest configured token accepted: 32 characters of a random string are ~190 bits
	 * or more.
	 */
	static final int MIN_LENGTH = 32;

	static final String GENERATED_NAME = "bootstrap";

	static final String CONFIGURED_NAME = "bootstrap (COUNTERSIGN_BOOTSTRAP_TOKEN)";

	private static final Pattern HEADER_SAFE = Pattern.compile("[\\x21-\\x7E]+");

	private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

	private final AccessTokens tokens;

	private final Optional<String> configured;

	private final Clock clock;

	BootstrapToken(AccessTokens tokens, CountersignProperties properties) {
		this.tokens = tokens;
		this.configured = properties.configuredBootstrapToken();
		this.clock = Clock.systemUTC();
		this.configured.ifPresent(BootstrapToken::check);
	}

	private static void check(String token) {
		// the message never contains the token
		if (token.length() < MIN_LENGTH) {
			throw new IllegalStateException(
					"countersign.bootstrap-token (COUNTERSIGN_BOOTSTRAP_TOKEN) is too short: " + token.length()
							+ " characters, at least " + MIN_LENGTH + " required (e.g. openssl rand -base64 32)");
		}
		if (!HEADER_SAFE.matcher(token).matches()) {
			throw new IllegalStateException("countersign.bootstrap-token (COUNTERSIGN_BOOTSTRAP_TOKEN) must consist of "
					+ "printable ASCII characters without spaces");
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.configured.isPresent()) {
			storeConfigured(TokenHash.of(this.configured.get()));
		}
		else if (this.tokens.isEmpty()) {
			generate(System.out);
		}
	}

	private void storeConfigured(TokenHash hash) {
		if (this.tokens.exists(hash)) {
			return;
		}
		try {
			Caller caller = this.tokens.add(hash, CONFIGURED_NAME, this.clock.instant());
			log.info("Stored the configured bootstrap token as API token {}", caller.tokenId());
		}
		catch (DuplicateKeyException ex) {
			// another instance sharing the database stored it first
		}
	}

	private void generate(PrintStream out) {
		String token = newToken();
		Caller caller = this.tokens.add(TokenHash.of(token), GENERATED_NAME, this.clock.instant());
		log.info("No API token existed: generated bootstrap token {} and printed it to standard output",
				caller.tokenId());
		// standard output, not the logger: log files are collected and kept, this must
		// not be
		out.println();
		out.println("==================================================================");
		out.println(" Countersign generated an API token. It is shown only this once;");
		out.println(" store it in your secret store now. Send it as");
		out.println(" 'Authorization: Bearer <token>'. To choose your own, set");
		out.println(" COUNTERSIGN_BOOTSTRAP_TOKEN before the first start.");
		out.println();
		out.println("   " + token);
		out.println("==================================================================");
		out.println();
		out.flush();
	}

	/** {@code cs_} and 256 random bits, base64url without padding. */
	static String newToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return "cs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
