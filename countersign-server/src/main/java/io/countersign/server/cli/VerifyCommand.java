package io.countersign.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.countersign.ledger.verify.OfflineVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: re-derives the whole ledger from its database, or checks an export
 * bundle offline.
 */
@Command(name = "verify", sortOptions = false,
		description = { "Verify the ledger in a database (--db) or an export bundle (--bundle).",
				"Exit status: 0 intact, 1 tampered (the first bad index is named), 2 usage or I/O error." })
final class VerifyCommand implements Callable<Integer> {

	private final PrintStream out;

	private final PrintStream err;

	@Spec
	CommandSpec spec;

	@Mixin
	DatabaseOptions database = new DatabaseOptions();

	@Option(names = "--checkpoint", paramLabel = "<file>",
			description = "A signed checkpoint saved earlier; the ledger must still contain it (catches truncation).")
	Path savedCheckpoint;

	@Option(names = "--bundle", paramLabel = "<file>", description = "An export bundle to verify offline.")
	Path bundle;

	@Option(names = "--key", paramLabel = "<verifier-key>",
			description = "Pin the verifier key (name+keyid+base64, or a file holding it).")
	String key;

	@Mixin
	VerboseOption verbose = new VerboseOption();

	VerifyCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		if ((this.bundle != null) == this.database.present()) {
			throw new ParameterException(this.spec.commandLine(), "give either --db <jdbc-url> or --bundle <file>");
		}
		Optional<String> pinned = PinnedKey.text(this.key);
		if (this.bundle != null) {
			if (this.savedCheckpoint != null) {
				throw new ParameterException(this.spec.commandLine(), "--checkpoint applies to --db only");
			}
			return verifyBundle(pinned);
		}
		return new DatabaseVerification(this.database, this.out).run(Optional.ofNullable(this.savedCheckpoint),
				pinned.map(PinnedKey::parse));
	}

	// The offline verifier is the auditor's tool; running the very same code here means
	// both answer alike.
	private int verifyBundle(Optional<String> pinned) {
		List<String> args = new ArrayList<>(List.of(this.bundle.toString()));
		pinned.ifPresent((text) -> args.addAll(List.of("--key", text)));
		return OfflineVerifier.run(args.toArray(String[]::new), this.out, this.err);
	}

}
