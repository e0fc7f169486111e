package io.countersign.server.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;

import io.countersign.server.cli.admin.AdminCommands;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Command;

/**
 * The command line of the server jar. Commands are picocli subcommands; exit codes are 0
 * (ok), 1 (the ledger is not intact) and 2 (usage or I/O error).
 */
@Command(name = "countersign", mixinStandardHelpOptions = true, versionProvider = CountersignCli.Version.class,
		description = "Countersign: serve with no arguments, or run one of these commands and exit.",
		subcommands = { CommandLine.HelpCommand.class })
public final class CountersignCli {

	// what the command line itself answers besides its subcommands
	private static final Set<String> OPTIONS = Set.of("--help", "-h", "--version", "-V");

	/**
	 * The benchmarks left this jar (docs/decisions/001); their old name is still
	 * recognised, so that {@code countersign bench} says where they went instead of
	 * starting a server.
	 */
	private static final String BENCH = "bench";

	static final String BENCH_MOVED = "countersign: the benchmarks are not part of the server; "
			+ "run java -jar countersign-bench/target/countersign-bench.jar (see docs/benchmarks.md)";

	/**
	 * Whether the arguments name a command rather than server options. Read from the
	 * commands this class registers, so a new command cannot start a server by being left
	 * off a list (as {@code delegations} first did).
	 */
	public static boolean isCommand(String[] args) {
		if (args.length == 0) {
			return false;
		}
		return args[0].equals(BENCH) || OPTIONS.contains(args[0])
				|| commandLine(System.out, System.err).getSubcommands().containsKey(args[0]);
	}

	/** The jar's entry for commands: quiet logging, then the command. */
	public static int run(String[] args) {
		// Before the first logger exists: library chatter must not mix with a command's
		// output on stdout.
		System.setProperty("logback.configurationFile", "io/countersign/server/cli/logback-cli.xml");
		return run(args, System.out, System.err);
	}

	/** Runs one command; tests call this with their own streams. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length > 0 && args[0].equals(BENCH)) {
			err.println(BENCH_MOVED);
			return ExitStatus.ERROR;
		}
		CommandLine commandLine = commandLine(out, err);
		addHelpOptions(commandLine);
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		commandLine.setParameterExceptionHandler(new CliFailures(err)::onUsageError);
		commandLine.setExecutionExceptionHandler(new CliFailures(err)::onExecutionError);
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		int exit = commandLine.execute(args);
		out.flush();
		err.flush();
		return exit;
	}

	private static CommandLine commandLine(PrintStream out, PrintStream err) {
		CommandLine commandLine = new CommandLine(new CountersignCli());
		commandLine.addSubcommand("verify", new VerifyCommand(out, err));
		commandLine.addSubcommand("export", new ExportCommand(out));
		commandLine.addSubcommand("recover-admin", new RecoverAdminCommand(out));
		AdminCommands.addTo(commandLine, out, err);
		return commandLine;
	}

	/**
	 * {@code <command> --help} on every command: a new user tries it before {@code help
	 * <command>}, and got "Unknown option".
	 */
	private static void addHelpOptions(CommandLine command) {
		CommandSpec spec = command.getCommandSpec();
		if (spec.findOption("--help") == null) {
			spec.addOption(OptionSpec.builder("-h", "--help")
				.usageHelp(true)
				.description("Show this help message and exit.")
				.build());
		}
		command.getSubcommands().values().forEach(CountersignCli::addHelpOptions);
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = CountersignCli.class.getPackage().getImplementationVersion();
			return new String[] { "countersign " + (version != null ? version : "(development build)") };
		}

	}

}
