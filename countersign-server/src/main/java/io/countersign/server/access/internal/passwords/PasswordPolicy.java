package io.countersign.server.access.internal.passwords;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * What a password must be (NIST SP 800-63B section 5.1.1.2: a minimum length, no
 * composition rules, refuse the obvious): at least
 * {@code countersign.access.password.min-length} characters, not containing the user
 * name, and at most {@link #MAX_BYTES} bytes: Argon2id takes every byte into account
 * (decision 007), and the bound keeps a sign-in from hashing megabytes.
 */
@Component
public class PasswordPolicy {

	static final int MAX_BYTES = 1024;

	static final int MIN_NAME_IN_PASSWORD = 3;

	private final int minLength;

	PasswordPolicy(AccessProperties properties) {
		this.minLength = properties.password().minLength();
	}

	/** Refuses {@code password} for {@code username} with ERR_WEAK_PASSWORD. */
	public void check(String username, String password) {
		if (password.codePointCount(0, password.length()) < this.minLength) {
			throw weak("The password must be at least " + this.minLength + " characters long.");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw weak("The password must be at most " + MAX_BYTES + " bytes long (UTF-8).");
		}
		if (containsUsername(password, username)) {
			throw weak("The password must not contain the user name.");
		}
		if (password.isBlank()) {
			throw weak("The password must not be only spaces.");
		}
	}

	/**
	 * Case-insensitive; a name shorter than {@link #MIN_NAME_IN_PASSWORD} only counts as
	 * the whole password, or every password with the letter "a" would be refused to user
	 * "a".
	 */
	private static boolean containsUsername(String password, String username) {
		String lower = password.toLowerCase(Locale.ROOT);
		String name = username.toLowerCase(Locale.ROOT);
		return (name.length() >= MIN_NAME_IN_PASSWORD) ? lower.contains(name) : lower.equals(name);
	}

	private static CountersignException weak(String message) {
		return new CountersignException(ErrorCode.ERR_WEAK_PASSWORD, message);
	}

}
