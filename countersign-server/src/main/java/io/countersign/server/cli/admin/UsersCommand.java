package io.countersign.server.cli.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code users create|list|archive}: accounts, through the server's API. */
@Command(name = "users", description = "Create, list and archive user and service accounts.")
public final class UsersCommand {

	@Command(name = "create", description = "Create an account. Prints its id.")
	static final class Create implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<username>", description = "Lower-case user name.")
		String username;

		@Option(names = "--display-name", paramLabel = "<name>")
		String displayName;

		@Option(names = "--service", description = "A service account: API tokens only, no password.")
		boolean service;

		@Option(names = "--owner", paramLabel = "<username>",
				description = "The user account responsible for a service account (default: you); "
						+ "its approval requests count as this person's.")
		String owner;

		@Option(names = "--role", paramLabel = "<role>", description = "Grant this role (repeatable).")
		List<String> roles = new ArrayList<>();

		@Option(names = "--password-stdin", description = "Read the initial password from the first line of stdin.")
		boolean passwordFromStdin;

		private final PrintStream out;

		Create(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("username", this.username);
			body.put("kind", this.service ? "service" : "user");
			if (this.displayName != null) {
				body.put("displayName", this.displayName);
			}
			if (this.owner != null) {
				body.put("owner", this.owner);
			}
			if (!this.roles.isEmpty()) {
				body.put("roles", this.roles);
			}
			if (this.passwordFromStdin) {
				body.put("password", firstLineOfStdin());
			}
			JsonNode account = this.server.api().post("/api/v1/users", body);
			this.out.println("created " + account.path("kind").asString() + " " + account.path("username").asString()
					+ " " + account.path("id").asString());
		}

		private static String firstLineOfStdin() {
			try {
				String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
				if (line == null || line.isEmpty()) {
					throw new AdminFailure("--password-stdin: no password on standard input");
				}
				return line;
			}
			catch (IOException ex) {
				throw new AdminFailure("--password-stdin: " + ex.getMessage());
			}
		}

	}

	@Command(name = "list", description = "List accounts: user name, kind, status, roles.")
	static final class ListUsers implements Runnable {

		@Mixin
		ServerOptions server;

		@Option(names = "--all", description = "Include archived accounts.")
		boolean all;

		private final PrintStream out;

		ListUsers(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			JsonNode page = this.server.api().get("/api/v1/users?includeArchived=" + this.all);
			for (JsonNode account : page.path("items")) {
				List<String> roles = new ArrayList<>();
				account.path("roles").forEach((grant) -> roles.add(grant.path("role").asString()));
				this.out.printf("%-32s %-8s %-9s %s%n", account.path("username").asString(),
						account.path("kind").asString(), account.path("status").asString(), String.join(",", roles));
			}
		}

	}

	@Command(name = "archive", description = "Archive an account: it can no longer sign in or use its tokens; "
			+ "its history stays attributable.")
	static final class Archive implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<username>")
		String username;

		private final PrintStream out;

		Archive(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api().post("/api/v1/users/" + Paths.segment(this.username) + "/archive", Map.of());
			this.out.println("archived " + this.username);
		}

	}

}
