// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The exact bytes an approver signs (Ed25519, the message itself, no pre-hash): a
 * domain-separating first line, then one {@code name: value} line each for the request,
 * its revision, the decision, the request digest and the reason, every line ending in a
 * line feed. Only the reason is free text, and it is one line with no control characters,
 * so no two decisions have the same bytes. A delegate deciding for someone signs one more
 * line, {@code on-behalf-of: <person>} after the decision, so the signature says for whom
 * it counts. docs/approvals.md shows it byte by byte.
 */
public record SigningMessage(ApprovalRequestId request, int revision, Verdict verdict, String reason,
		RequestDigest digest, Optional<PersonId> onBehalfOf) {

	/** The first line: what the signature is for, and the message format's version. */
	public static final String DOMAIN = "countersign/approval-decision/v1";

	public SigningMessage {
		if (revision < 1) {
			throw new IllegalArgumentException("revisions start at 1, not " + revision);
		}
		requireOneLine(reason);
		onBehalfOf.ifPresent((person) -> requireOneLine(person.value()));
	}

	/** The message of a decision made by the person it counts as. */
	public SigningMessage(ApprovalRequestId request, int revision, Verdict verdict, String reason,
			RequestDigest digest) {
		this(request, revision, verdict, reason, digest, Optional.empty());
	}

	/** The message as text (UTF-8 in {@link #bytes()}). */
	public String text() {
		return DOMAIN + "\n" + "request: " + this.request + "\n" + "revision: " + this.revision + "\n" + "decision: "
				+ this.verdict.wireName() + "\n"
				+ this.onBehalfOf.map((person) -> "on-behalf-of: " + person.value() + "\n").orElse("") + "digest: "
				+ this.digest.hex() + "\n" + "reason: " + this.reason + "\n";
	}

	public byte[] bytes() {
		return text().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return text();
	}

	// a line feed would let a reason forge further lines; a lone surrogate has no UTF-8
	// form (Java would write '?', so two reasons would sign the same bytes)
	static void requireOneLine(String reason) {
		if (reason.isBlank()) {
			throw new IllegalArgumentException("a decision gives a reason");
		}
		for (int i = 0; i < reason.length(); i++) {
			char c = reason.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				throw new IllegalArgumentException(
						"a reason is one line without control characters (found U+%04X at %d)".formatted((int) c,
								i + 1));
			}
			if (Character.isHighSurrogate(c) && i + 1 < reason.length()
					&& Character.isLowSurrogate(reason.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException("a reason is valid Unicode (a lone surrogate at " + (i + 1) + ")");
			}
		}
	}

}
