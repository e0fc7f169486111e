package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.time.Instant;

import io.countersign.server.access.SignInSettings;
import io.countersign.server.compliance.CheckOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings checks decide from the settings the server runs with; the running defaults
 * pass (ComplianceChecksTest), these flip them.
 */
class SettingChecksTest {

	static final CheckContext NOW = new CheckContext(Instant.parse("2026-12-07T00:00:00Z"), Duration.ofDays(90));

	static final SignInSettings SAFE = new SignInSettings(10, Duration.ofHours(12), Duration.ofMinutes(15),
			Duration.ofMinutes(15), Duration.ofHours(12), 12);

	static final SignInSettings LAX = new SignInSettings(1000, Duration.ofHours(12), Duration.ofMinutes(15),
			Duration.ofMinutes(60), Duration.ofHours(12), 8);

	final SignInSettingsChecks checks = new SignInSettingsChecks();

	@Test
	void lockoutFlips() {
		assertThat(this.checks.bruteForceLockoutCheck(SAFE).run(NOW).outcome()).isEqualTo(CheckOutcome.PASSED);
		assertThat(this.checks.bruteForceLockoutCheck(LAX).run(NOW).outcome()).isEqualTo(CheckOutcome.FAILED);
	}

	@Test
	void idleTimeoutFlips() {
		assertThat(this.checks.sessionIdleTimeoutCheck(SAFE).run(NOW).outcome()).isEqualTo(CheckOutcome.PASSED);
		assertThat(this.checks.sessionIdleTimeoutCheck(LAX).run(NOW).explanation()).contains("60 minutes");
		assertThat(this.checks.sessionIdleTimeoutCheck(LAX).run(NOW).outcome()).isEqualTo(CheckOutcome.FAILED);
	}

	@Test
	void passwordLengthFlips() {
		assertThat(this.checks.passwordPolicyCheck(SAFE).run(NOW).outcome()).isEqualTo(CheckOutcome.PASSED);
		assertThat(this.checks.passwordPolicyCheck(LAX).run(NOW).outcome()).isEqualTo(CheckOutcome.FAILED);
	}

	@Test
	void anEncryptedConnectionAsPostgresReportsItPasses() {
		// the local test server runs without TLS, so the passing side is decided here
		// from
		// the row pg_stat_ssl gives for an encrypted connection
		assertThat(DatabaseTlsCheck.decide(NOW, true, "TLSv1.3", "TLS_AES_256_GCM_SHA384").outcome())
			.isEqualTo(CheckOutcome.PASSED);
		assertThat(DatabaseTlsCheck.decide(NOW, false, null, null).outcome()).isEqualTo(CheckOutcome.FAILED);
	}

}
