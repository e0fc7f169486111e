package io.countersign.server.cli.admin;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code tokens create|revoke}: API tokens of an account, through the server's API. */
@Command(name = "tokens", description = "Create and revoke API tokens.")
public final class TokensCommand {

	@Command(name = "create",
			description = "Create an API token for an account. Prints the token alone on stdout (shown only once) "
					+ "and its id on stderr.")
	static final class Create implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<username>")
		String username;

		@Option(names = "--name", required = true, paramLabel = "<name>", description = "What the token is for.")
		String name;

		@Option(names = "--expires-in", paramLabel = "<duration>",
				description = "Lifetime as an ISO-8601 duration, e.g. P90D or PT12H.")
		String expiresIn;

		private final PrintStream out;

		private final PrintStream err;

		Create(PrintStream out, PrintStream err) {
			this.out = out;
			this.err = err;
		}

		@Override
		public void run() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", this.name);
			if (this.expiresIn != null) {
				body.put("expiresAt", Instant.now().plus(duration(this.expiresIn)).toString());
			}
			JsonNode token = this.server.api().post("/api/v1/users/" + Paths.segment(this.username) + "/tokens", body);
			this.err.println("created token " + token.path("id").asString() + " for " + this.username
					+ (token.has("expiresAt") ? ", expires " + token.path("expiresAt").asString() : ""));
			this.out.println(token.path("token").asString());
		}

		private static Duration duration(String text) {
			try {
				Duration duration = Duration.parse(text);
				if (duration.isNegative() || duration.isZero()) {
					throw new AdminFailure("--expires-in must be positive");
				}
				return duration;
			}
			catch (DateTimeParseException ex) {
				throw new AdminFailure("--expires-in: not an ISO-8601 duration such as P90D or PT12H: " + text);
			}
		}

	}

	@Command(name = "revoke", description = "Revoke an API token by id; it fails from the next request on.")
	static final class Revoke implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<token-id>")
		String id;

		private final PrintStream out;

		Revoke(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api().delete("/api/v1/tokens/" + Paths.segment(this.id));
			this.out.println("revoked token " + this.id);
		}

	}

}
