package io.countersign.server.cli.admin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code delegations give|list|revoke}: lending one's right to decide to a named person
 * for a bounded window, through the server's {@code /api/v1/me/delegations}. The delegate
 * then decides with {@code approvals approve|reject --on-behalf-of <delegator>}. The
 * server checks every rule (docs/approvals.md, "Delegation"); times are passed as given.
 */
@Command(name = "delegations", description = "Lend your right to decide to someone for a while, list, revoke.")
public final class DelegationsCommand {

	static final String DELEGATIONS = "/api/v1/me/delegations";

	@Command(name = "give", description = "Lend your right to decide to <delegate> until a time. Prints its id.")
	static final class Give implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<delegate>", description = "The user name of the person who decides for you.")
		String delegate;

		@Option(names = "--until", required = true, paramLabel = "<time>",
				description = "When it ends, RFC 3339, e.g. 2026-12-14T18:00:00Z.")
		String until;

		@Option(names = "--from", paramLabel = "<time>", description = "When it starts, RFC 3339 (default: now).")
		String from;

		@Option(names = "--action", paramLabel = "<type>",
				description = "Only for this action type; repeat for more (default: every action type).")
		List<String> actionTypes;

		@Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why; one line.")
		String reason;

		private final PrintStream out;

		Give(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("delegate", this.delegate);
			body.put("until", this.until);
			if (this.from != null) {
				body.put("from", this.from);
			}
			if (this.actionTypes != null) {
				body.put("actionTypes", this.actionTypes);
			}
			body.put("reason", this.reason);
			JsonNode given = this.server.api().post(DELEGATIONS, body);
			this.out.println(given.path("id").asString());
		}

	}

	@Command(name = "list", description = "List the delegations you gave and received, newest first.")
	static final class ListDelegations implements Runnable {

		@Mixin
		ServerOptions server;

		private final PrintStream out;

		ListDelegations(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			JsonNode delegations = this.server.api().get(DELEGATIONS);
			print("given", delegations.path("given"));
			print("received", delegations.path("received"));
		}

		private void print(String direction, JsonNode delegations) {
			for (JsonNode delegation : delegations) {
				List<String> types = new ArrayList<>();
				delegation.path("actionTypes").forEach((type) -> types.add(type.asString()));
				this.out.printf("%-36s %-8s %s -> %s %-9s %s .. %s %s%n", delegation.path("id").asString(), direction,
						delegation.path("delegator").asString(), delegation.path("delegate").asString(),
						delegation.path("status").asString(), delegation.path("from").asString(),
						delegation.path("until").asString(),
						types.isEmpty() ? "every action type" : String.join(",", types));
			}
		}

	}

	@Command(name = "revoke", description = "Revoke a delegation you gave, or decline one you received.")
	static final class Revoke implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		private final PrintStream out;

		Revoke(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api().delete(DELEGATIONS + "/" + Paths.segment(this.id));
			this.out.println("revoked delegation " + this.id);
		}

	}

}
