package io.countersign.server.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: print the stack trace of a failure, not just its one-line reason.
 */
final class VerboseOption {

	static final String NAME = "--verbose";

	@Option(names = NAME, description = "Print the stack trace when a command fails.")
	boolean verbose;

}
