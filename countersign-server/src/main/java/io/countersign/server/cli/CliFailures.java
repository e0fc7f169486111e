package io.countersign.server.cli;

import java.io.PrintStream;
import java.nio.file.FileSystemException;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit status; the stack trace only with
 * {@code --verbose}, because an operator reading a cron mail needs the reason, not the
 * frames.
 */
final class CliFailures {

	private final PrintStream err;

	CliFailures(PrintStream err) {
		this.err = err;
	}

	int onUsageError(ParameterException ex, String[] args) {
		this.err.println("countersign: " + ex.getMessage());
		CommandLine command = ex.getCommandLine();
		this.err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
		return ExitStatus.ERROR;
	}

	int onExecutionError(Exception ex, CommandLine command, ParseResult parsed) {
		this.err.println("countersign: " + reason(ex));
		if (verbose(parsed)) {
			ex.printStackTrace(this.err);
		}
		return exitCode(ex);
	}

	static int exitCode(Throwable ex) {
		if (ex instanceof CountersignException failure && failure.code().kind() == ErrorCode.Kind.INTEGRITY) {
			return ExitStatus.TAMPERED;
		}
		return ExitStatus.ERROR;
	}

	private static String reason(Throwable ex) {
		String message = (ex.getMessage() == null || ex.getMessage().isBlank()) ? ex.getClass().getSimpleName()
				: ex.getMessage().strip();
		if (ex instanceof FileSystemException) {
			// their message is just the path
			message = ex.getClass().getSimpleName() + ": " + message;
		}
		return message.replace('\n', ' ');
	}

	private static boolean verbose(ParseResult parsed) {
		for (ParseResult result = parsed; result != null; result = result.subcommand()) {
			if (result.hasMatchedOption(VerboseOption.NAME)) {
				return true;
			}
		}
		return false;
	}

}
