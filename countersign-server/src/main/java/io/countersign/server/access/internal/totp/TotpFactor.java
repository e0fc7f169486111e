package io.countersign.server.access.internal.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountId;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.accounts.CredentialTakeoverRule;
import io.countersign.server.access.internal.sessions.RecentSignIn;
import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The TOTP second factor of user accounts: enrollment (a new secret, sealed under the
 * master key, enabled only once a code from it is confirmed) and the check of a code at
 * sign-in, where each time step is accepted at most once per account.
 */
@Service
public class TotpFactor {

	static final String ISSUER = "Countersign";

	private final Accounts accounts;

	private final SecretSealer sealer;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final RecentSignIn recentSignIn;

	private final CredentialTakeoverRule takeover;

	private final SecureRandom random = new SecureRandom();

	TotpFactor(Accounts accounts, SecretSealer sealer, AccessAudit audit, TransactionTemplate transaction, Clock clock,
			RecentSignIn recentSignIn, CredentialTakeoverRule takeover) {
		this.recentSignIn = recentSignIn;
		this.takeover = takeover;
		this.accounts = accounts;
		this.sealer = sealer;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Starts (or restarts) enrollment: a new secret, stored but not yet enabled. Refused
	 * once TOTP is enabled, so a stolen session cannot replace the second factor.
	 */
	public Enrollment begin(Caller caller) {
		Account account = account(caller);
		this.recentSignIn.checkSession(caller, "enroll_totp", "enroll TOTP",
				new Resource("account", account.username()), this.clock.instant());
		byte[] secret = new byte[Totp.SECRET_BYTES];
		this.random.nextBytes(secret);
		this.accounts.storeTotpSecret(account.id(), this.sealer.seal(secret, context(account.id())), false,
				this.clock.instant());
		String encoded = Base32.encode(secret);
		return new Enrollment(encoded, otpauthUri(account.username(), encoded));
	}

	/**
	 * An administrator removes another account's second factor (a lost phone): its owner
	 * signs in with the password alone and enrolls again. Needs every permission the
	 * account holds ({@link CredentialTakeoverRule}); nobody resets their own.
	 */
	public void reset(Caller caller, Account account) {
		if (account.id().equals(caller.accountId())) {
			throw AccessInput.invalid("nobody may reset their own second factor; ask another administrator");
		}
		if (account.kind() != AccountKind.USER) {
			throw AccessInput.invalid("service accounts have no second factor");
		}
		this.takeover.check(caller, account, "reset the TOTP");
		boolean wasEnabled = account.totpEnabled();
		this.transaction.executeWithoutResult((status) -> {
			this.accounts.clearTotp(account.id(), this.clock.instant());
			this.audit.record(EventDraft.of("user_updated", caller.actor())
				.withAction("reset_totp")
				.withResource(new Resource("account", account.username()))
				.withDetails(Map.of("totp", "reset", "wasEnabled", wasEnabled)));
		});
	}

	/** Enables TOTP once the caller proves their app makes the right codes. */
	public void confirm(Caller caller, String code) {
		Account account = account(caller);
		if (this.accounts.sealedTotpSecret(account.id()).isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_INVALID_TOTP,
					"No TOTP enrollment is in progress; start one with POST /api/v1/me/totp.");
		}
		if (!accepts(account.accountId(), code)) {
			throw new CountersignException(ErrorCode.ERR_INVALID_TOTP);
		}
		this.transaction.executeWithoutResult((status) -> {
			this.accounts.enableTotp(account.id(), this.clock.instant());
			this.audit.record(EventDraft.of("user_updated", caller.actor())
				.withAction("update")
				.withResource(new Resource("account", account.username()))
				.withDetails(Map.of("totp", "enabled")));
		});
	}

	/**
	 * Whether {@code code} is the account's current code (one step of drift allowed) and
	 * its step has not been used before; a true answer uses the step up.
	 */
	public boolean accepts(AccountId accountId, String code) {
		return this.accounts.sealedTotpSecret(accountId.value())
			.map((sealed) -> this.sealer.unseal(sealed, context(accountId.value())))
			.flatMap((secret) -> Totp.matchingStep(secret, code, this.clock.instant()))
			.map((step) -> this.accounts.useTotpStep(accountId.value(), step))
			.orElse(false);
	}

	private Account account(Caller caller) {
		Account account = this.accounts.findById(caller.accountId())
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_UNAUTHENTICATED));
		if (account.kind() != AccountKind.USER) {
			throw AccessInput.invalid("service accounts have no second factor; they authenticate with API tokens");
		}
		if (account.totpEnabled()) {
			throw new CountersignException(ErrorCode.ERR_TOTP_ALREADY_ENABLED);
		}
		return account;
	}

	/** Binds the sealed secret to its account's row. */
	private static String context(String accountId) {
		return "account/totp/" + accountId;
	}

	/** The Key Uri Format of authenticator apps (otpauth://totp/…). */
	private static String otpauthUri(String username, String secret) {
		String label = ISSUER + ":" + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + ISSUER + "&algorithm=SHA1&digits="
				+ Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
	}

	/** A started enrollment: the secret to show once (text and QR code). */
	public record Enrollment(String secret, String otpauthUri) {
	}

}
