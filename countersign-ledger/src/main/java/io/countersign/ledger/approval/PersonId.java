// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * One person, however many accounts, tokens or service identities act for them: the unit
 * a quorum counts.
 */
public record PersonId(String value) implements Comparable<PersonId> {

	public PersonId {
		if (value.isBlank()) {
			throw new IllegalArgumentException("a person id is not blank");
		}
	}

	public static PersonId of(String value) {
		return new PersonId(value);
	}

	@Override
	public int compareTo(PersonId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
