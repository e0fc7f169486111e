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
@Command(name = "roles", description = "List roles; grant and revoke them.")
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
