package io.countersign.server.access.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.testing.PostgresTestDatabase;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates accounts straight through the access feature's repositories, as the users API
 * would, for tests of sign-in; {@code @Import(TestUsers.class)} makes it a bean.
 */
public final class TestUsers {

	private final Accounts accounts;

	private final RoleGrants grants;

	private final PasswordEncoder passwords;

	private final AccessTokens tokens;

	private final AccessChanges changes;

	private final Clock clock;

	public TestUsers(Accounts accounts, RoleGrants grants, PasswordEncoder passwords, AccessTokens tokens,
			AccessChanges changes, Clock clock) {
		this.accounts = accounts;
		this.grants = grants;
		this.passwords = passwords;
		this.tokens = tokens;
		this.changes = changes;
		this.clock = clock;
	}

	/** A unique user name for one test. */
	public static String uniqueName(String prefix) {
		return PostgresTestDatabase.randomName(prefix + "_");
	}

	/** An active user with a password, holding {@code roles}. */
	public Account user(String username, String password, String... roles) {
		return userWithHash(username, Optional.of(this.passwords.encode(password)), roles);
	}

	public Account userWithHash(String username, Optional<String> passwordHash, String... roles) {
		Instant now = this.clock.instant();
		Account account = new Account(UUID.randomUUID().toString(), username, username, AccountKind.USER, false,
				passwordHash, false, now, now, Optional.empty());
		this.accounts.insert(account);
		for (String role : roles) {
			this.grants
				.put(new RoleGrant(account.accountId(), RoleName.of(role), "test", now, Optional.empty(), "manual"));
		}
		this.changes.changed();
		return account;
	}

	/** A new API token of the account. */
	public String token(Account account) {
		String token = BootstrapToken.newToken();
		this.tokens.add(TokenHash.of(token), account.accountId(), "test", this.clock.instant(), Optional.empty());
		this.changes.changed();
		return token;
	}

	public void revoke(Account account, String role) {
		this.grants.remove(account.accountId(), RoleName.of(role));
		this.changes.changed();
	}

	public void archive(Account account) {
		this.accounts.archive(account.id(), this.clock.instant());
		this.changes.changed();
	}

}
