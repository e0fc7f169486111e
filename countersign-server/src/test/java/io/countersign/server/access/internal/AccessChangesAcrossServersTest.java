package io.countersign.server.access.internal;

import java.time.Clock;
import java.time.Duration;
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
import static org.awaitility.Awaitility.await;

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

			AccessChanges seenBySecond = second.getBean(AccessChanges.class);
			long before = seenBySecond.generation();
			inTransaction(first, () -> {
				first.getBean(RoleGrants.class).remove(erin.accountId(), RoleName.of("auditor"));
				first.getBean(AccessChanges.class).changed();
				return null;
			});
			noticeArrived(seenBySecond, before);
			assertThat(onSecond.get("/api/v1/ledger/verify").statusCode()).isEqualTo(403);

			long beforeRevocation = seenBySecond.generation();
			inTransaction(first, () -> {
				first.getBean(AccessTokens.class).revoke(stored.id(), Clock.systemUTC().instant());
				first.getBean(AccessChanges.class).changed();
				return null;
			});
			noticeArrived(seenBySecond, beforeRevocation);
			assertThat(onSecond.get("/api/v1/me").statusCode()).isEqualTo(401);
		}
	}

	/**
	 * The notification travels after commit, asynchronously, usually in milliseconds. The
	 * test waits for the other server's generation to move (so it fails if no notice
	 * comes), not for the answer to change: the cache's own freshness (two seconds) would
	 * change the answer without any notice on a slow machine.
	 */
	private static void noticeArrived(AccessChanges changes, long before) {
		await().atMost(Duration.ofSeconds(30)).until(() -> changes.generation() > before);
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
