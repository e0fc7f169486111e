package io.countersign.server.access.internal.passwords;

import java.util.Map;

import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

	private final PasswordPolicy policy = policy(Map.of());

	@Test
	void aLongEnoughPasswordWithoutTheUserNameIsAccepted() {
		assertThatCode(() -> this.policy.check("alice", "correct horse battery")).doesNotThrowAnyException();
	}

	@Test
	void theMinimumLengthIsConfigurableAndCountsCharactersNotBytes() {
		PasswordPolicy longer = policy(Map.of("countersign.access.password.min-length", "20"));

		assertThatThrownBy(() -> longer.check("alice", "correct horse batt")).satisfies(PasswordPolicyTest::weak)
			.hasMessageContaining("at least 20 characters");
		assertThatThrownBy(() -> this.policy.check("alice", "ääääääääääää".substring(1)))
			.satisfies(PasswordPolicyTest::weak);
		assertThatCode(() -> this.policy.check("alice", "ääääääääääää")).doesNotThrowAnyException();
	}

	@Test
	void aPasswordContainingTheUserNameInAnyCaseIsRefused() {
		assertThatThrownBy(() -> this.policy.check("alice", "my name is ALICE!")).satisfies(PasswordPolicyTest::weak)
			.hasMessageContaining("user name");
	}

	@Test
	void aVeryShortUserNameOnlyCountsAsTheWholePassword() {
		assertThatCode(() -> this.policy.check("al", "a long passphrase")).doesNotThrowAnyException();
	}

	@Test
	void longPassphrasesAreAcceptedUpToTheBound() {
		assertThatThrownBy(() -> this.policy.check("alice", "x".repeat(1025))).satisfies(PasswordPolicyTest::weak)
			.hasMessageContaining("1024 bytes");
		assertThatCode(() -> this.policy.check("alice", "x".repeat(1024))).doesNotThrowAnyException();
	}

	@Test
	void blankPasswordsAreRefused() {
		assertThatThrownBy(() -> this.policy.check("alice", " ".repeat(16))).satisfies(PasswordPolicyTest::weak);
	}

	private static void weak(Throwable ex) {
		org.assertj.core.api.Assertions.assertThat(((CountersignException) ex).code())
			.isEqualTo(ErrorCode.ERR_WEAK_PASSWORD);
	}

	private static PasswordPolicy policy(Map<String, String> settings) {
		AccessProperties properties = new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("countersign.access", AccessProperties.class);
		return new PasswordPolicy(properties);
	}

}
