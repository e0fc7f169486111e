package io.countersign.bench;

import java.io.PrintStream;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the bench jar. The benchmarks drop and create databases and start the
 * server with its permission check removed, so they live in this jar and never in the
 * server's (docs/decisions/001). Exit codes: 0 ok, 2 usage or run failure.
 */
public final class CountersignBench {

	static final int ERROR = 2;

	private CountersignBench() {
	}

	public static void main(String[] args) {
		// Before the first logger exists: the in-process server's chatter must not mix
		// with
		// the figures on stdout.
		System.setProperty("logback.configurationFile", "io/countersign/bench/logback-bench.xml");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs one benchmark; tests call this with their own streams. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		CommandLine commandLine = new CommandLine(new BenchCommand());
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		commandLine.setParameterExceptionHandler((ParameterException ex, String[] arguments) -> {
			err.println("countersign-bench: " + oneLine(ex));
			err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
			return ERROR;
		});
		commandLine.setExecutionExceptionHandler((Exception ex, CommandLine command, ParseResult parsed) -> {
			err.println("countersign-bench: " + oneLine(ex));
			return ERROR;
		});
		int exit = commandLine.execute(args);
		out.flush();
		err.flush();
		return exit;
	}

	private static String oneLine(Throwable ex) {
		String message = (ex.getMessage() == null || ex.getMessage().isBlank()) ? ex.getClass().getSimpleName()
				: ex.getMessage().strip();
		return message.replace('\n', ' ');
	}

}
