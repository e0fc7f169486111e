package io.countersign.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.countersign.ledger.note.VerifierKey;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * A verifier key given on the command line, either as its text or as a file holding it: a
 * file keeps a long key out of shell quoting.
 */
final class PinnedKey {

	private PinnedKey() {
	}

	static Optional<String> text(String argument) {
		if (argument == null) {
			return Optional.empty();
		}
		Path file = Path.of(argument);
		if (!Files.isRegularFile(file)) {
			return Optional.of(argument.strip());
		}
		try {
			return Optional.of(Files.readString(file).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read --key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	static VerifierKey parse(String text) {
		try {
			return VerifierKey.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "--key is not a verifier key: " + ex.getMessage(),
					ex);
		}
	}

}
