package io.countersign.server.access.internal.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.CredentialTakeoverRule;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.sessions.RecentSignIn;
import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issuing API tokens to accounts, listing and revoking them. A token is shown once, when
 * issued; only its SHA-256 is stored, and the ledger names tokens by id only. Every token
 * expires, at the latest {@code countersign.access.tokens.max-lifetime} after it is
 * issued, so a forgotten one does not live on after its holder has left; a token for the
 * caller's own account needs a recent console sign-in ({@link RecentSignIn}).
 */
@Service
public class IssuingTokens {

	private final AccessTokens tokens;

	private final CredentialTakeoverRule takeover;

	private final RecentSignIn recentSignIn;

	private final TokenProperties properties;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	IssuingTokens(AccessTokens tokens, CredentialTakeoverRule takeover, RecentSignIn recentSignIn,
			TokenProperties properties, AccessChanges changes, AccessAudit audit, TransactionTemplate transaction,
			Clock clock) {
		this.tokens = tokens;
		this.takeover = takeover;
		this.recentSignIn = recentSignIn;
		this.properties = properties;
		this.changes = changes;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** A token just issued: the stored row and the secret, which exists nowhere else. */
	public record IssuedToken(StoredToken stored, String token) {

		@Override
		public String toString() {
			return "IssuedToken[" + this.stored.id() + "]";
		}

	}

	/** The status of a token at a time: revocation wins over expiry. */
	public static String status(StoredToken token, Instant now) {
		if (token.revoked()) {
			return "revoked";
		}
		return token.expiredAt(now) ? "expired" : "active";
	}

	public IssuedToken issue(Caller caller, Account owner, String name, Optional<Instant> requestedExpiry) {
		Instant now = this.clock.instant();
		if (owner.archived()) {
			throw new CountersignException(ErrorCode.ERR_ACCOUNT_ARCHIVED,
					"The account '" + owner.username() + "' is archived and cannot get tokens.");
		}
		AccessInput.future("expiresAt", requestedExpiry, now);
		Optional<Instant> expiresAt = Optional.of(bounded(requestedExpiry, now));
		if (owner.id().equals(caller.accountId())) {
			this.recentSignIn.check(caller, "issue_own_token", "issue a token for your own account",
					new Resource("account", owner.username()), now);
		}
		this.takeover.check(caller, owner, "issue a token");
		String secret = BootstrapToken.newToken();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("account", owner.username());
		details.put("name", name);
		expiresAt.ifPresent((expiry) -> details.put("expiresAt", expiry.toString()));
		StoredToken stored = this.transaction.execute((status) -> {
			StoredToken token = this.tokens.add(TokenHash.of(secret), owner.accountId(), name, now, expiresAt);
			this.changes.changed();
			this.audit.record(EventDraft.of("authn_token_created", caller.actor())
				.withAction("create")
				.withResource(new Resource("token", token.id()))
				.withDetails(details));
			return token;
		});
		return new IssuedToken(stored, secret);
	}

	/**
	 * The expiry of a new token: as asked, or the longest allowed if none was asked. A
	 * later one is refused rather than shortened: the caller would otherwise plan with a
	 * date the token does not have.
	 */
	private Instant bounded(Optional<Instant> requested, Instant now) {
		Instant latest = now.plus(this.properties.maxLifetime());
		if (requested.isPresent() && requested.get().isAfter(latest)) {
			throw AccessInput.invalid("expiresAt may be at most " + this.properties.maxLifetime()
					+ " ahead (countersign.access.tokens.max-lifetime), no later than " + latest + ".");
		}
		return requested.orElse(latest);
	}

	public List<StoredToken> of(Account owner) {
		return this.tokens.ofAccount(owner.id());
	}

	/**
	 * Revokes a token; revoking it again changes nothing and records nothing. With an
	 * {@code owner}, tokens of other accounts are not found.
	 */
	public void revoke(Caller caller, String tokenId, Optional<Account> owner) {
		Instant now = this.clock.instant();
		StoredToken token = this.tokens.findById(tokenId)
			.filter((found) -> owner.isEmpty() || found.accountId().equals(Optional.of(owner.get().id())))
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_TOKEN_NOT_FOUND, "No API token has this id."));
		this.transaction.executeWithoutResult((status) -> {
			boolean changed = this.tokens.revoke(token.id(), now);
			this.changes.changed();
			if (changed) {
				this.audit.record(EventDraft.of("authn_token_revoked", caller.actor())
					.withAction("revoke")
					.withResource(new Resource("token", token.id()))
					.withDetails(Map.of("name", token.name(), "accountId", token.accountId().orElse(""))));
			}
		});
	}

}
