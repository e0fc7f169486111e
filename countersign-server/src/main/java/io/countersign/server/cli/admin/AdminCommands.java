package io.countersign.server.cli.admin;

import java.io.PrintStream;

import picocli.CommandLine;

/**
 * The administration commands ({@code users}, {@code tokens}, {@code roles}). They call
 * the running server's API rather than the database, so every change passes the same
 * authorization and lands in the ledger exactly as one made in the console.
 */
public final class AdminCommands {

	public static final String[] NAMES = { "users", "tokens", "roles" };

	private AdminCommands() {
	}

	public static void addTo(CommandLine root, PrintStream out, PrintStream err) {
		root.addSubcommand("users",
				new CommandLine(new UsersCommand()).addSubcommand("create", new UsersCommand.Create(out))
					.addSubcommand("list", new UsersCommand.ListUsers(out))
					.addSubcommand("archive", new UsersCommand.Archive(out)));
		root.addSubcommand("tokens",
				new CommandLine(new TokensCommand()).addSubcommand("create", new TokensCommand.Create(out, err))
					.addSubcommand("revoke", new TokensCommand.Revoke(out)));
		root.addSubcommand("roles",
				new CommandLine(new RolesCommand()).addSubcommand("grant", new RolesCommand.Grant(out))
					.addSubcommand("revoke", new RolesCommand.Revoke(out))
					.addSubcommand("list", new RolesCommand.ListRoles(out))
					.addSubcommand("create", new RolesCommand.Create(out))
					.addSubcommand("add-permission", new RolesCommand.AddPermission(out))
					.addSubcommand("remove-permission", new RolesCommand.RemovePermission(out)));
	}

}
