package io.countersign.server.access.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.CountersignApplication;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.access.internal.tokens.StoredToken;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances share one database: a token revoked or a role revoked through one
 * instance fails on the other instance's very next request, although that instance had
 * just cached the token and the grant.
 */
class AccessChangesAcrossServersTest {

	@Test
	void revocationOnOneServerAppliesToTheNextRequestOnTheOther() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext first = start(database);
				ConfigurableApplicationContext second = start(database)) {
			String token = BootstrapToken.newToken();
			Account erin = new Account(UUID.randomUUID().toString(), "erin", "Erin", AccountKind.USER, false,
					Optional.empty(), false, Clock.systemUTC().instant(), Clock.systemUTC().instant(),
					Optional.empty());
			StoredToken stored = inTransaction(first, () -> {
				first.getBean(Accounts.class).insert(erin);
				first.getBean(RoleGrants.class)
					.put(new RoleGrant(erin.accountId(), RoleName.of("auditor"), "test", erin.createdAt(),
							Optional.empty(), "manual"));
				first.getBean(AccessChanges.class).changed();
				return first.getBean(AccessTokens.class)
					.add(TokenHash.of(token), erin.accountId(), "test", erin.createdAt(), Optional.empty());
			});
			ApiClient onSecond = new ApiClient(port(second)).withToken(token);
			assertThat(onSecond.get("/api/v1/ledger/verify").statusCode()).isEqualTo(200);

			inTransaction(first, () -> {
				first.getBean(RoleGrants.class).remove(erin.accountId(), RoleName.of("auditor"));
				first.getBean(AccessChanges.class).changed();
				return null;
			});
			assertThat(eventually(() -> onSecond.get("/api/v1/ledger/verify").statusCode())).isEqualTo(403);

			inTransaction(first, () -> {
				first.getBean(AccessTokens.class).revoke(stored.id(), Clock.systemUTC().instant());
				first.getBean(AccessChanges.class).changed();
				return null;
			});
			assertThat(eventually(() -> onSecond.get("/api/v1/me").statusCode())).isEqualTo(401);
		}
	}

	/**
	 * The notification travels after commit, asynchronously: the answer is read as soon
	 * as it is delivered, which takes milliseconds; the cache alone would keep the old
	 * answer for two seconds, longer than this waits.
	 */
	private static int eventually(java.util.function.IntSupplier status) throws InterruptedException {
		int last = status.getAsInt();
		for (int attempt = 0; attempt < 20 && (last == 200); attempt++) {
			Thread.sleep(50);
			last = status.getAsInt();
		}
		return last;
	}

	private static <T> T inTransaction(ConfigurableApplicationContext context, java.util.function.Supplier<T> work) {
		return context.getBean(TransactionTemplate.class).execute((status) -> work.get());
	}

	private static ConfigurableApplicationContext start(PostgresTestDatabase database) {
		return new SpringApplicationBuilder(CountersignApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--countersign.master-key=" + TestSecrets.MASTER_KEY,
				"--countersign.bootstrap-token=" + TestSecrets.BOOTSTRAP_TOKEN);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
