package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.access.SignInSettings;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks of the sign-in settings as the running server applies them (not as a file
 * says): brute-force lockout, session idle timeout, password length.
 */
@Configuration(proxyBeanMethods = false)
class SignInSettingsChecks {

	static final int MAX_FAILURES = 10;

	static final Duration MAX_IDLE = Duration.ofMinutes(15);

	static final int MIN_PASSWORD = 12;

	@Bean
	Check bruteForceLockoutCheck(SignInSettings settings) {
		return new SettingCheck("brute-force-lockout", (context) -> {
			Map<String, Object> facts = new LinkedHashMap<>();
			facts.put("maxFailures", settings.lockoutMaxFailures());
			facts.put("window", settings.lockoutWindow().toString());
			facts.put("maxWait", settings.lockoutMaxWait().toString());
			boolean on = settings.lockoutMaxFailures() <= MAX_FAILURES;
			return Results.of("brute-force-lockout", context, on ? CheckOutcome.PASSED : CheckOutcome.FAILED,
					"A user name is locked after " + settings.lockoutMaxFailures() + " failed sign-ins within "
							+ settings.lockoutWindow() + (on ? "" : ", more than the " + MAX_FAILURES + " allowed")
							+ ".",
					facts);
		});
	}

	@Bean
	Check sessionIdleTimeoutCheck(SignInSettings settings) {
		return new SettingCheck("session-idle-timeout", (context) -> {
			Duration idle = settings.sessionIdleTimeout();
			boolean short_ = idle.compareTo(MAX_IDLE) <= 0;
			return Results.of("session-idle-timeout", context, short_ ? CheckOutcome.PASSED : CheckOutcome.FAILED,
					"A console session unused for " + idle.toMinutes() + " minutes ends"
							+ (short_ ? "." : ", longer than the 15 minutes allowed."),
					Map.of("idleTimeout", idle.toString(), "absoluteTimeout",
							settings.sessionAbsoluteTimeout().toString()));
		});
	}

	@Bean
	Check passwordPolicyCheck(SignInSettings settings) {
		return new SettingCheck("password-policy", (context) -> {
			boolean long_ = settings.passwordMinLength() >= MIN_PASSWORD;
			return Results.of("password-policy", context, long_ ? CheckOutcome.PASSED : CheckOutcome.FAILED,
					"Passwords need at least " + settings.passwordMinLength() + " characters"
							+ (long_ ? "." : ", fewer than the 12 required."),
					Map.of("minLength", settings.passwordMinLength()));
		});
	}

	/** A check of a setting, decided by a function of the settings. */
	record SettingCheck(String id, java.util.function.Function<CheckContext, CheckResult> decide) implements Check {

		@Override
		public CheckResult run(CheckContext context) {
			return this.decide.apply(context);
		}

	}

}
