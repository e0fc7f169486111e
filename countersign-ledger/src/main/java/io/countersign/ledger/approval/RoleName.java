// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.regex.Pattern;

/**
 * The name of a role, spelled as the server's access control spells it (lower case, a
 * letter first, at most 64 characters).
 */
public record RoleName(String value) implements Comparable<RoleName> {

	// the server's rule for role names (access module), so a quorum can name any role
	static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

	public RoleName {
		if (!RULE.matcher(value).matches()) {
			throw new IllegalArgumentException("a role name matches " + RULE + ", not \"" + value + "\"");
		}
	}

	public static RoleName of(String value) {
		return new RoleName(value);
	}

	static boolean isValid(String value) {
		return RULE.matcher(value).matches();
	}

	@Override
	public int compareTo(RoleName other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
