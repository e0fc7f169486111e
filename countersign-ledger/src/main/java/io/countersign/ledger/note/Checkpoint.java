package io.countersign.ledger.note;

import java.util.Objects;

import io.countersign.ledger.Hash;

/**
 * A C2SP tlog-checkpoint: the log's origin, its size, and the RFC 6962 root of that many
 * entries.
 */
public record Checkpoint(String origin, long size, Hash root) {

	public Checkpoint {
		if (origin.isEmpty() || origin.contains("\n")) {
			throw new IllegalArgumentException("origin must be one non-empty line");
		}
		NoteText.requireValidCharacters("origin", origin);
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
		Objects.requireNonNull(root, "root");
	}

	// C2SP tlog-checkpoint: origin, decimal size, base64 root hash, one per line.
	public String body() {
		return this.origin + "\n" + this.size + "\n" + this.root.base64() + "\n";
	}

	/**
	 * Parses a checkpoint body (the text of its signed note). Extension lines after the
	 * root are allowed by C2SP tlog-checkpoint and ignored.
	 */
	public static Checkpoint parse(String body) {
		if (!body.endsWith("\n")) {
			throw new IllegalArgumentException("a checkpoint body ends with a newline");
		}
		String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
		if (lines.length < 3) {
			throw new IllegalArgumentException("a checkpoint has origin, size and root lines");
		}
		for (int i = 3; i < lines.length; i++) {
			if (lines[i].isEmpty()) {
				throw new IllegalArgumentException("checkpoint extension lines must not be empty");
			}
		}
		// C2SP tlog-checkpoint: size is ASCII decimal without leading zeros.
		if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
			throw new IllegalArgumentException("checkpoint size is not a decimal number: " + lines[1]);
		}
		long size;
		Hash root;
		try {
			size = Long.parseLong(lines[1]);
			root = Hash.fromBase64(lines[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("checkpoint size or root is malformed", ex);
		}
		return new Checkpoint(lines[0], size, root);
	}

}
