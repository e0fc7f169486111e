package io.countersign.server.access.internal.bootstrap;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.roles.LastAdminRule;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.audit.EventDraft;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first administrator on an installation without accounts: user {@code admin}
 * holding the {@code admin} role. Tokens stored before accounts existed (the bootstrap
 * token of earlier versions) become its tokens.
 */
@Component
public class FirstAdmin {

	/** The actor of what the service does on its own (bootstrap, expiry). */
	public static final Actor SYSTEM = new Actor("countersign", "system");

	private final Accounts accounts;

	private final RoleGrants grants;

	private final AccessTokens tokens;

	private final AccessAudit audit;

	private final AccessChanges changes;

	private final TransactionTemplate transaction;

	private final Clock clock;

	FirstAdmin(Accounts accounts, RoleGrants grants, AccessTokens tokens, AccessAudit audit, AccessChanges changes,
			TransactionTemplate transaction, Clock clock) {
		this.accounts = accounts;
		this.grants = grants;
		this.tokens = tokens;
		this.audit = audit;
		this.changes = changes;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** The first admin's account if it is active, creating it when no account exists. */
	Optional<Account> ensure() {
		if (this.accounts.isEmpty()) {
			try {
				create();
			}
			catch (DuplicateKeyException ex) {
				// another instance sharing the database created it first
			}
		}
		return this.accounts.findByUsername(BootstrapToken.FIRST_ADMIN).filter(Account::active);
	}

	private void create() {
		Instant now = this.clock.instant();
		Account admin = new Account(UUID.randomUUID().toString(), BootstrapToken.FIRST_ADMIN, "Administrator",
				AccountKind.USER, false, Optional.empty(), false, now, now, Optional.empty());
		this.transaction.executeWithoutResult((status) -> {
			this.accounts.insert(admin);
			this.grants.put(new RoleGrant(admin.accountId(), LastAdminRule.ADMIN, SYSTEM.id(), now, Optional.empty(),
					"manual"));
			this.tokens.adoptOrphans(admin.id());
			this.changes.changed();
			Resource account = new Resource("account", admin.username());
			this.audit.record(EventDraft.of("user_created", SYSTEM)
				.withAction("create")
				.withResource(account)
				.withDetails(Map.of("kind", "user", "reason", "first start: no account existed")));
			this.audit.record(EventDraft.of("authz_change", SYSTEM)
				.withAction("grant")
				.withResource(account)
				.withDetails(Map.of("role", "admin")));
		});
	}

}
