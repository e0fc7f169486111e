package io.countersign.server.cli.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code approvals list|show|request|approve|reject|execute|rollback|evidence}: the
 * approval workflow through the server's API. Decisions are signed here, with the
 * approver's local key file; the private key never leaves this process.
 */
@Command(name = "approvals",
		description = "Request approval for high-risk actions, decide with your signature, execute, roll back.")
public final class ApprovalsCommand {

	static final String APPROVALS = "/api/v1/approvals";

	static String path(String id) {
		return APPROVALS + "/" + Paths.segment(id);
	}

	@Command(name = "list", description = "List requests, newest first: id, state, action type, revision, initiator.")
	static final class ListRequests implements Runnable {

		@Mixin
		ServerOptions server;

		@Option(names = "--state", paramLabel = "<state>",
				description = "Only requests in this state, e.g. UNDER_REVIEW, APPROVED, EXECUTED.")
		String state;

		@Option(names = "--waiting-for-me", description = "Only requests awaiting your decision.")
		boolean waitingForMe;

		@Option(names = "--mine", description = "Only requests you initiated.")
		boolean mine;

		@Option(names = "--limit", defaultValue = "50", paramLabel = "<n>",
				description = "At most this many (default: ${DEFAULT-VALUE}).")
		int limit;

		private final PrintStream out;

		ListRequests(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			ServerApi api = this.server.api();
			String query = "?limit=" + this.limit + ((this.state != null) ? "&state=" + Paths.segment(this.state) : "")
					+ (this.waitingForMe ? "&waitingFor=me" : "") + (this.mine ? "&initiatedBy=me" : "");
			int printed = 0;
			String after = null;
			do {
				JsonNode page = api.get(APPROVALS + query + ((after != null) ? "&after=" + Paths.segment(after) : ""));
				for (JsonNode request : page.path("items")) {
					if (printed++ == this.limit) {
						return;
					}
					this.out.printf("%-36s %-12s %-24s r%-3d %-24s expires %s%n", request.path("id").asString(),
							request.path("state").asString(), request.path("actionType").asString(),
							request.path("revision").asInt(), request.path("initiator").asString(),
							request.path("expiresAt").asString());
				}
				after = page.has("next") ? page.path("next").asString() : null;
			}
			while (after != null && printed < this.limit);
		}

	}

	@Command(name = "show",
			description = "Show a request: what it asks for, its digest, quorum progress, decisions and execution.")
	static final class Show implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		@Option(names = "--json", description = "Print the server's JSON as it is.")
		boolean json;

		private final PrintStream out;

		Show(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			JsonNode request = this.server.api().get(path(this.id));
			if (this.json) {
				this.out.println(request.toPrettyString());
				return;
			}
			this.out.println("request       " + request.path("id").asString());
			this.out.println("action        " + request.path("actionType").asString() + " (policy version "
					+ request.path("policy").path("version").asInt() + ")");
			this.out.println("state         " + request.path("state").asString());
			this.out.println("initiator     " + request.path("initiator").asString());
			this.out.println("revision      " + request.path("revision").asInt());
			this.out.println("digest        " + request.path("digest").asString());
			this.out.println("expires       " + request.path("expiresAt").asString());
			if (request.has("rollbackOf")) {
				this.out.println("rolls back    " + request.path("rollbackOf").asString());
			}
			this.out.println("justification " + request.path("justification").asString());
			this.out.println("parameters    " + request.path("parameters").toString());
			if (!request.path("diff").isNull() && !request.path("diff").isMissingNode()) {
				this.out.println("diff");
				request.path("diff").asString().lines().forEach((line) -> this.out.println("  " + line));
			}
			JsonNode quorum = request.path("quorum");
			this.out.println(
					"quorum        " + quorum.path("expression").asString() + ": " + (quorum.path("met").asBoolean()
							? "met" : quorum.path("missing").asInt() + " more approval(s) needed"));
			for (JsonNode term : quorum.path("terms")) {
				List<String> counted = new ArrayList<>();
				term.path("counted").forEach((person) -> counted.add(person.asString()));
				this.out.println("  " + term.path("term").asString() + ": "
						+ (counted.isEmpty() ? "nobody yet" : String.join(", ", counted))
						+ (term.path("open").asBoolean() ? " (open)" : ""));
			}
			for (JsonNode decision : request.path("decisions")) {
				this.out.println("decision      r" + decision.path("revision").asInt() + " "
						+ decision.path("decision").asString() + " by " + decision.path("approver").asString() + " at "
						+ decision.path("decidedAt").asString() + ": " + decision.path("reason").asString()
						+ (decision.path("counts").asBoolean(true) ? "" : " (does not count)"));
			}
			JsonNode execution = request.path("execution");
			if (!execution.isMissingNode()) {
				this.out.println("execution     claimed by " + execution.path("claimedBy").asString() + " at "
						+ execution.path("claimedAt").asString()
						+ (execution.has("outcome") ? ", " + execution.path("outcome").asString() + ": "
								+ execution.path("result").toString() : ", running"));
			}
		}

	}

	@Command(name = "request", description = "Request approval for an action. Prints the new request's id.")
	static final class Request implements Runnable {

		@Mixin
		ServerOptions server;

		@Option(names = "--action", required = true, paramLabel = "<type>",
				description = "The action type, e.g. secret.rotate; a policy must govern it.")
		String action;

		@Mixin
		RequestOptions request;

		private final PrintStream out;

		private final PrintStream err;

		Request(PrintStream out, PrintStream err) {
			this.out = out;
			this.err = err;
		}

		@Override
		public void run() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("actionType", this.action);
			body.putAll(this.request.body(false));
			JsonNode opened = this.server.api().post(APPROVALS, body);
			this.err.println("requested " + opened.path("actionType").asString() + ": "
					+ opened.path("state").asString() + ", revision " + opened.path("revision").asInt() + ", digest "
					+ opened.path("digest").asString() + ", " + opened.path("quorum").path("missing").asInt()
					+ " approval(s) needed, expires " + opened.path("expiresAt").asString());
			this.out.println(opened.path("id").asString());
		}

	}

	/**
	 * {@code approve} and {@code reject}: signs the signing message of the request's
	 * current revision with the local key and sends the decision.
	 */
	abstract static class Decide implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		@Option(names = "--key", required = true, paramLabel = "<file>",
				description = "Your Ed25519 private key (PKCS#8 PEM, e.g. from openssl genpkey -algorithm ed25519).")
		Path keyFile;

		@Option(names = "--reason", required = true, paramLabel = "<text>",
				description = "Why; one line, signed with the decision.")
		String reason;

		@Option(names = "--key-id", paramLabel = "<id>",
				description = "The registered key's id (default: found by the key's fingerprint).")
		String keyId;

		@Option(names = "--on-behalf-of", paramLabel = "<person>",
				description = "Decide for <person>, who delegated their right to you (signed with your own key).")
		String onBehalfOf;

		private final PrintStream out;

		Decide(PrintStream out) {
			this.out = out;
		}

		abstract Verdict verdict();

		@Override
		public void run() {
			ApproverKeyFile key = ApproverKeyFile.read(this.keyFile);
			ServerApi api = this.server.api();
			JsonNode request = api.get(path(this.id));
			SigningMessage message = message(request);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("decision", verdict().wireName());
			body.put("reason", this.reason);
			body.put("keyId", (this.keyId != null) ? this.keyId : registeredKeyId(api, key));
			body.put("signature", key.sign(message));
			message.onBehalfOf().ifPresent((person) -> body.put("onBehalfOf", person.value()));
			JsonNode recorded = api.post(path(this.id) + "/decisions", body);
			this.out.println(((verdict() == Verdict.APPROVE) ? "approved " : "rejected ")
					+ recorded.path("id").asString() + " revision " + recorded.path("revision").asInt()
					+ message.onBehalfOf().map((person) -> " for " + person.value()).orElse("") + ": "
					+ recorded.path("state").asString());
		}

		/**
		 * The message for the revision the server shows, after checking that its digest
		 * is the digest of the content shown: what is signed is what was read.
		 */
		private SigningMessage message(JsonNode request) {
			int revision = request.path("revision").asInt();
			String digest = request.path("digest").asString();
			JsonNode content = null;
			for (JsonNode candidate : request.path("revisions")) {
				if (candidate.path("revision").asInt() == revision) {
					content = candidate.path("content");
				}
			}
			if (content == null || !RequestDigest.ofJson(digestInput(content)).hex().equals(digest)) {
				throw new AdminFailure("the server's digest " + digest + " is not the digest of revision " + revision
						+ " as it shows it; not signing");
			}
			Optional<PersonId> onBehalfOf;
			try {
				onBehalfOf = Optional.ofNullable(this.onBehalfOf).map(String::strip).map(PersonId::of);
			}
			catch (IllegalArgumentException ex) {
				throw new AdminFailure("--on-behalf-of: " + ex.getMessage());
			}
			try {
				return new SigningMessage(ApprovalRequestId.of(request.path("id").asString()), revision, verdict(),
						this.reason, RequestDigest.fromHex(digest), onBehalfOf);
			}
			catch (IllegalArgumentException ex) {
				throw new AdminFailure("--reason: " + ex.getMessage());
			}
		}

		/**
		 * The content as the digest covers it. The API leaves out members whose value is
		 * null; the digest has {@code "diff": null} when a request has no diff.
		 */
		private static Object digestInput(JsonNode content) {
			Object json = Json.parse(content.toString());
			if (json instanceof Map<?, ?> map && !map.containsKey("diff")) {
				Map<Object, Object> withDiff = new LinkedHashMap<>(map);
				withDiff.put("diff", null);
				return withDiff;
			}
			return json;
		}

		private static String registeredKeyId(ServerApi api, ApproverKeyFile key) {
			String fingerprint = key.publicKey().fingerprint();
			for (JsonNode registered : api.get("/api/v1/me/keys").path("items")) {
				if (fingerprint.equals(registered.path("fingerprint").asString()) && !registered.has("revokedAt")) {
					return registered.path("id").asString();
				}
			}
			throw new AdminFailure("the key " + fingerprint + " is not one of your registered keys in force; "
					+ "register it with: countersign keys register --key <file>");
		}

	}

	@Command(name = "approve", description = "Approve a request's current revision, signed with your key.")
	static final class Approve extends Decide {

		Approve(PrintStream out) {
			super(out);
		}

		@Override
		Verdict verdict() {
			return Verdict.APPROVE;
		}

	}

	@Command(name = "reject", description = "Reject a request's current revision, signed with your key.")
	static final class Reject extends Decide {

		Reject(PrintStream out) {
			super(out);
		}

		@Override
		Verdict verdict() {
			return Verdict.REJECT;
		}

	}

	@Command(name = "execute",
			description = "Claim the execution of your approved request (once: every other claim is refused); "
					+ "with --outcome, also report how it ended.")
	static final class Execute implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		@Option(names = "--outcome", paramLabel = "<outcome>", description = "succeeded or failed.")
		Outcome outcome;

		@Option(names = "--result", paramLabel = "<json-or-text>",
				description = "What the action produced: a JSON value, else taken as text (with --outcome).")
		String result;

		enum Outcome {

			succeeded, failed

		}

		private final PrintStream out;

		Execute(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			if (this.result != null && this.outcome == null) {
				throw new AdminFailure("--result goes with --outcome");
			}
			ServerApi api = this.server.api();
			JsonNode request = api.get(path(this.id));
			// with an outcome, a claim already made (by this initiator, the only one who
			// may)
			// is reported on: the action ran, only the report was missing
			if (this.outcome == null || !"EXECUTING".equals(request.path("state").asString())) {
				request = api.post(path(this.id) + "/execution", Map.of());
				this.out.println("claimed the execution of " + this.id + ": " + request.path("state").asString());
			}
			if (this.outcome == null) {
				return;
			}
			if (!"EXECUTING".equals(request.path("state").asString())) {
				throw new AdminFailure("the request is " + request.path("state").asString()
						+ " (the server executes this action itself); no outcome to report");
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("outcome", this.outcome.name());
			body.put("result", result());
			JsonNode reported = api.put(path(this.id) + "/execution", body);
			this.out.println("reported " + this.outcome + " for " + this.id + ": " + reported.path("state").asString());
		}

		private Object result() {
			if (this.result == null) {
				return null;
			}
			try {
				return ServerApi.JSON.readTree(this.result);
			}
			catch (JacksonException notJson) {
				return this.result;
			}
		}

	}

	@Command(name = "rollback",
			description = "Request the rollback of an executed request: a new request, linked to it, under the "
					+ "same policy. Prints the new request's id.")
	static final class Rollback implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		@Mixin
		RequestOptions request;

		private final PrintStream out;

		private final PrintStream err;

		Rollback(PrintStream out, PrintStream err) {
			this.out = out;
			this.err = err;
		}

		@Override
		public void run() {
			JsonNode opened = this.server.api().post(path(this.id) + "/rollback", this.request.body(true));
			this.err.println("requested the rollback of " + this.id + ": " + opened.path("state").asString()
					+ ", digest " + opened.path("digest").asString());
			this.out.println(opened.path("id").asString());
		}

	}

	@Command(name = "evidence",
			description = "Download a request's evidence package (zip); check it offline with java -jar "
					+ "countersign-ledger.jar <file> --key <verifier key>.")
	static final class Evidence implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<id>")
		String id;

		@Option(names = "--out", required = true, paramLabel = "<file>", description = "Where to write the zip.")
		Path out;

		private final PrintStream stdout;

		Evidence(PrintStream stdout) {
			this.stdout = stdout;
		}

		@Override
		public void run() {
			byte[] zip = this.server.api().download(path(this.id) + "/evidence", "application/zip");
			Path absolute = this.out.toAbsolutePath();
			Path partial = null;
			try {
				// never a half-written package under the final name
				partial = Files.createTempFile(absolute.getParent(), ".evidence-", ".zip.part");
				Files.write(partial, zip);
				Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				deleteQuietly(partial);
				throw new AdminFailure("cannot write " + this.out + ": " + ex.getMessage());
			}
			this.stdout.println("wrote the evidence of " + this.id + " to " + this.out + " (" + zip.length + " bytes)");
		}

		private static void deleteQuietly(Path file) {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ignored) {
					// the failure reported is the write's
				}
			}
		}

	}

}
