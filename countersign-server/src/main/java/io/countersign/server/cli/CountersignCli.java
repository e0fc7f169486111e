package io.countersign.server.cli;

import java.util.Set;

/**
 * The command line of the server jar. Commands are picocli subcommands; exit codes are 0
 * (ok), 1 (the ledger is not intact) and 2 (usage or I/O error).
 */
public final class CountersignCli {

	private static final Set<String> COMMANDS = Set.of("verify", "export", "bench", "help", "--help", "-h");

	private CountersignCli() {
	}

	public static boolean isCommand(String[] args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	public static int run(String[] args) {
		System.err.println("countersign: command not implemented yet: " + args[0]);
		return 2;
	}

}
