package io.countersign.server.access.internal.bootstrap;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.access.internal.tokens.StoredToken;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.config.CountersignProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure someone can call the API on a fresh installation. At startup, after the
 * ledger is accepting appends and before the server accepts requests:
 * <ul>
 * <li>if no account exists, the first admin is created: user {@code admin}, holding the
 * {@code admin} role, with no password (set one with the API); tokens stored before
 * accounts existed become its tokens;</li>
 * <li>a configured {@code countersign.bootstrap-token} is stored (its hash) for the first
 * admin unless already present, so it is accepted even when other tokens exist, e.g.
 * after it was rotated in the secret store; once revoked it stays revoked;</li>
 * <li>otherwise, if no token exists at all, a random one is generated, stored, and
 * printed once to standard output (never to the log).</li>
 * </ul>
 */
@Component
public class BootstrapToken implements SmartLifecycle {

	/**
	 * Shortest configured token accepted: 32 characters of a random string are ~190 bits
	 * or more.
	 */
	static final int MIN_LENGTH = 32;

	static final String GENERATED_NAME = "bootstrap";

	static final String CONFIGURED_NAME = "bootstrap (COUNTERSIGN_BOOTSTRAP_TOKEN)";

	public static final String FIRST_ADMIN = "admin";

	private static final Pattern HEADER_SAFE = Pattern.compile("[\\x21-\\x7E]+");

	private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

	private final AccessTokens tokens;

	private final FirstAdmin firstAdmin;

	private final AccessAudit audit;

	private final Optional<String> configured;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private volatile boolean running;

	BootstrapToken(AccessTokens tokens, FirstAdmin firstAdmin, AccessAudit audit, CountersignProperties properties,
			TransactionTemplate transaction, Clock clock) {
		this.tokens = tokens;
		this.firstAdmin = firstAdmin;
		this.audit = audit;
		this.configured = properties.configuredBootstrapToken();
		this.transaction = transaction;
		this.clock = clock;
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
	public void start() {
		Optional<Account> admin = this.firstAdmin.ensure();
		if (this.configured.isPresent()) {
			admin.ifPresentOrElse((account) -> storeConfigured(account, TokenHash.of(this.configured.get())), () -> log
				.warn("COUNTERSIGN_BOOTSTRAP_TOKEN ignored: the first admin account '{}' is archived", FIRST_ADMIN));
		}
		else if (this.tokens.isEmpty() && admin.isPresent()) {
			generate(admin.get(), System.out);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the ledger's sequencer has started, before the web server opens. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	private void storeConfigured(Account admin, TokenHash hash) {
		if (this.tokens.exists(hash)) {
			return;
		}
		try {
			StoredToken token = addRecorded(admin, hash, CONFIGURED_NAME);
			log.info("Stored the configured bootstrap token as API token {} of '{}'", token.id(), admin.username());
		}
		catch (DuplicateKeyException ex) {
			// another instance sharing the database stored it first
		}
	}

	private void generate(Account admin, PrintStream out) {
		String secret = newToken();
		StoredToken token = addRecorded(admin, TokenHash.of(secret), GENERATED_NAME);
		log.info("Created the first admin '{}' and an API token for it, printed once to standard output "
				+ "(token id {}, to revoke it later)", admin.username(), token.id());
		// standard output, not the logger: log files are collected and kept, this must
		// not be
		out.println();
		out.println("==================================================================");
		out.println(" Countersign generated an API token for the first admin ('admin').");
		out.println(" It is shown only this once; store it in your secret store now.");
		out.println(" Send it as 'Authorization: Bearer <token>'. To choose your own,");
		out.println(" set COUNTERSIGN_BOOTSTRAP_TOKEN before the first start.");
		out.println();
		out.println("   " + secret);
		out.println("==================================================================");
		out.println();
		out.flush();
	}

	// the token and its authn_token_created event, in one transaction
	private StoredToken addRecorded(Account admin, TokenHash hash, String name) {
		return this.transaction.execute((status) -> {
			StoredToken token = this.tokens.add(hash, admin.accountId(), name, this.clock.instant(), Optional.empty());
			recordCreated(admin, token);
			return token;
		});
	}

	private void recordCreated(Account admin, StoredToken token) {
		this.audit.record(EventDraft.of("authn_token_created", FirstAdmin.SYSTEM)
			.withAction("create")
			.withResource(new Resource("token", token.id()))
			.withDetails(Map.of("account", admin.username(), "name", token.name())));
	}

	/** {@code cs_} and 256 random bits, base64url without padding. */
	public static String newToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return "cs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
