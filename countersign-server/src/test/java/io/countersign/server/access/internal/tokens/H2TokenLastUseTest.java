package io.countersign.server.access.internal.tokens;

import io.countersign.server.access.internal.tokens.TokenLastUseContract.Fixture;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A token's last use on the embedded H2 ({@link TokenLastUseContract}). */
@Import(MutableClock.Configuration.class)
class H2TokenLastUseTest extends H2ApplicationTest {

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccessTokens tokens;

	Fixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new Fixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN), this.clock, this.jdbc, this.tokens);
	}

	@Test
	void aUseIsListedAndWrittenAgainOnlyAfterTheInterval() {
		TokenLastUseContract.aUseIsListedAndWrittenAgainOnlyAfterTheInterval(this.fixture);
	}

	@Test
	void withinTheIntervalNoStatementIsSent() {
		TokenLastUseContract.withinTheIntervalNoStatementIsSent(this.fixture);
	}

	@Test
	void theStoredUseIsRewrittenOnlyWhenOlderThanTheInterval() {
		TokenLastUseContract.theStoredUseIsRewrittenOnlyWhenOlderThanTheInterval(this.fixture);
	}

	@Test
	void aRevokedTokenRecordsNoUse() {
		TokenLastUseContract.aRevokedTokenRecordsNoUse(this.fixture);
	}

	@Test
	void anExpiredTokenRecordsNoUse() {
		TokenLastUseContract.anExpiredTokenRecordsNoUse(this.fixture);
	}

}
