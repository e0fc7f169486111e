package io.countersign.server.cli.admin;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code roles grant|revoke|list}: role grants, through the server's API. */
@Command(name = "roles", description = "List, create and change roles; grant and revoke them.")
public final class RolesCommand {

	@Command(name = "grant", description = "Grant a role to an account, optionally until a time.")
	static final class Grant implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(index = "0", paramLabel = "<username>")
		String username;

		@Parameters(index = "1", paramLabel = "<role>")
		String role;

		@Option(names = "--until", paramLabel = "<time>", description = "RFC 3339 time the grant ends.")
		String until;

		private final PrintStream out;

		Grant(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			Map<String, Object> body = new LinkedHashMap<>();
			if (this.until != null) {
				try {
					body.put("expiresAt", Instant.parse(this.until).toString());
				}
				catch (DateTimeParseException ex) {
					throw new AdminFailure("--until: not an RFC 3339 time such as 2027-01-31T18:00:00Z: " + this.until);
				}
			}
			this.server.api()
				.put("/api/v1/users/" + Paths.segment(this.username) + "/roles/" + Paths.segment(this.role), body);
			this.out.println("granted " + this.role + " to " + this.username
					+ ((this.until != null) ? " until " + body.get("expiresAt") : ""));
		}

	}

	@Command(name = "revoke", description = "Revoke a role from an account.")
	static final class Revoke implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(index = "0", paramLabel = "<username>")
		String username;

		@Parameters(index = "1", paramLabel = "<role>")
		String role;

		private final PrintStream out;

		Revoke(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api()
				.delete("/api/v1/users/" + Paths.segment(this.username) + "/roles/" + Paths.segment(this.role));
			this.out.println("revoked " + this.role + " from " + this.username);
		}

	}

	@Command(name = "create", description = "Create a role with permissions, e.g. --permission events:read "
			+ "--permission events:append:own (own: only what the holder created).")
	static final class Create implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<role>")
		String role;

		@Option(names = "--description", required = true, paramLabel = "<text>")
		String description;

		@Option(names = "--requires-mfa", description = "Password sign-in of holders needs a TOTP code.")
		boolean requiresMfa;

		@Option(names = "--permission", paramLabel = "<permission>[:own]", description = "Repeatable.")
		List<String> permissions = new ArrayList<>();

		private final PrintStream out;

		Create(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			Map<String, String> scoped = new LinkedHashMap<>();
			for (String permission : this.permissions) {
				boolean own = permission.endsWith(":own");
				scoped.put(own ? permission.substring(0, permission.length() - 4) : permission, own ? "own" : "all");
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", this.role);
			body.put("description", this.description);
			body.put("requiresMfa", this.requiresMfa);
			body.put("permissions", scoped);
			this.server.api().post("/api/v1/roles", body);
			this.out.println("created role " + this.role);
		}

	}

	@Command(name = "add-permission", description = "Give a role a permission.")
	static final class AddPermission implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(index = "0", paramLabel = "<role>")
		String role;

		@Parameters(index = "1", paramLabel = "<permission>")
		String permission;

		@Option(names = "--own", description = "Only for what the holder created.")
		boolean own;

		private final PrintStream out;

		AddPermission(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api()
				.put("/api/v1/roles/" + Paths.segment(this.role) + "/permissions/" + Paths.segment(this.permission),
						Map.of("scope", this.own ? "own" : "all"));
			this.out.println("role " + this.role + " now has " + this.permission + (this.own ? " (own)" : ""));
		}

	}

	@Command(name = "remove-permission", description = "Take a permission from a role.")
	static final class RemovePermission implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(index = "0", paramLabel = "<role>")
		String role;

		@Parameters(index = "1", paramLabel = "<permission>")
		String permission;

		private final PrintStream out;

		RemovePermission(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api()
				.delete("/api/v1/roles/" + Paths.segment(this.role) + "/permissions/" + Paths.segment(this.permission));
			this.out.println("role " + this.role + " no longer has " + this.permission);
		}

	}

	@Command(name = "list", description = "List roles and their permissions.")
	static final class ListRoles implements Runnable {

		@Mixin
		ServerOptions server;

		private final PrintStream out;

		ListRoles(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			JsonNode roles = this.server.api().get("/api/v1/roles");
			for (JsonNode role : roles.path("items")) {
				List<String> permissions = new ArrayList<>();
				role.path("permissions")
					.properties()
					.forEach((entry) -> permissions
						.add(entry.getKey() + ("own".equals(entry.getValue().asString()) ? " (own)" : "")));
				this.out.printf("%-16s %s%s%n", role.path("name").asString(),
						role.path("requiresMfa").asBoolean() ? "[mfa] " : "", String.join(", ", permissions));
			}
		}

	}

}
