package io.countersign.server.cli.admin;

import java.io.PrintStream;

import picocli.CommandLine;

/**
 * The commands that talk to a running server ({@code users}, {@code tokens},
 * {@code roles}, {@code keys}, {@code approvals}, {@code delegations}). They call its API
 * rather than the database, so every change passes the same authorization and lands in
 * the ledger exactly as one made in the console.
 */
public final class AdminCommands {

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
		root.addSubcommand("keys",
				new CommandLine(new KeysCommand()).addSubcommand("generate", new KeysCommand.Generate(out))
					.addSubcommand("register", new KeysCommand.Register(out))
					.addSubcommand("list", new KeysCommand.ListKeys(out))
					.addSubcommand("revoke", new KeysCommand.Revoke(out)));
		root.addSubcommand("approvals",
				new CommandLine(new ApprovalsCommand()).addSubcommand("list", new ApprovalsCommand.ListRequests(out))
					.addSubcommand("show", new ApprovalsCommand.Show(out))
					.addSubcommand("request", new ApprovalsCommand.Request(out, err))
					.addSubcommand("approve", new ApprovalsCommand.Approve(out))
					.addSubcommand("reject", new ApprovalsCommand.Reject(out))
					.addSubcommand("execute", new ApprovalsCommand.Execute(out))
					.addSubcommand("rollback", new ApprovalsCommand.Rollback(out, err))
					.addSubcommand("evidence", new ApprovalsCommand.Evidence(out)));
		root.addSubcommand("delegations",
				new CommandLine(new DelegationsCommand()).addSubcommand("give", new DelegationsCommand.Give(out))
					.addSubcommand("list", new DelegationsCommand.ListDelegations(out))
					.addSubcommand("revoke", new DelegationsCommand.Revoke(out)));
	}

}
