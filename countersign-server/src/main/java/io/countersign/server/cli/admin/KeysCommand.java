package io.countersign.server.cli.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.countersign.ledger.approval.ApproverKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code keys generate|register|list|revoke}: the Ed25519 keys an approver signs
 * decisions with. {@code generate} works offline; the others call the server's
 * {@code /api/v1/me/keys} as the token's owner.
 */
@Command(name = "keys", description = "Generate, register, list and revoke your approver keys (Ed25519).")
public final class KeysCommand {

	/**
	 * {@code alice.pem} → {@code alice.pub.pem}: where the public half goes by default.
	 */
	static Path publicFileFor(Path privateFile) {
		String name = privateFile.getFileName().toString();
		String stem = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
		return privateFile.resolveSibling(stem + ".pub.pem");
	}

	@Command(name = "generate",
			description = "Write a new Ed25519 private key (PKCS#8 PEM, mode 600, as openssl genpkey -algorithm "
					+ "ed25519 writes it) and its public key (SPKI PEM, to register). Prints the fingerprint.")
	static final class Generate implements Runnable {

		@Option(names = "--out", required = true, paramLabel = "<file>", description = "The private key file.")
		Path out;

		@Option(names = "--public-out", paramLabel = "<file>",
				description = "The public key file (default: <file> with .pub.pem instead of .pem).")
		Path publicOut;

		private final PrintStream stdout;

		Generate(PrintStream stdout) {
			this.stdout = stdout;
		}

		@Override
		public void run() {
			Path publicFile = (this.publicOut != null) ? this.publicOut : publicFileFor(this.out);
			if (Files.exists(publicFile)) {
				throw new AdminFailure(publicFile + " exists; not overwriting a key file");
			}
			ApproverKeyFile key = ApproverKeyFile.generate();
			key.writePrivate(this.out);
			key.writePublic(publicFile);
			this.stdout.println("wrote " + this.out + " (private, keep it to yourself) and " + publicFile
					+ " (public); fingerprint " + key.publicKey().fingerprint());
		}

	}

	@Command(name = "register",
			description = "Register a public key with the server as one of your approver keys. Prints its id.")
	static final class Register implements Runnable {

		@Mixin
		ServerOptions server;

		@ArgGroup(exclusive = true, multiplicity = "1")
		Source source;

		static final class Source {

			@Option(names = "--public", paramLabel = "<file>",
					description = "SPKI PEM, as openssl pkey -pubout or keys generate writes it.")
			Path publicFile;

			@Option(names = "--key", paramLabel = "<file>",
					description = "Or the private key file: only its public half is sent.")
			Path privateFile;

		}

		private final PrintStream out;

		Register(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			ApproverKey key = (this.source.privateFile != null)
					? ApproverKeyFile.read(this.source.privateFile).publicKey() : readPublic(this.source.publicFile);
			JsonNode registered = this.server.api().post("/api/v1/me/keys", Map.of("publicKey", key.pem()));
			this.out.println("registered key " + registered.path("id").asString() + " fingerprint "
					+ registered.path("fingerprint").asString());
		}

		private static ApproverKey readPublic(Path file) {
			try {
				return ApproverKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new AdminFailure("cannot read " + file + ": " + ex.getMessage());
			}
			catch (IllegalArgumentException ex) {
				throw new AdminFailure(file + ": " + ex.getMessage());
			}
		}

	}

	@Command(name = "list", description = "List your approver keys: id, fingerprint, registered, revoked.")
	static final class ListKeys implements Runnable {

		@Mixin
		ServerOptions server;

		private final PrintStream out;

		ListKeys(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			for (JsonNode key : this.server.api().get("/api/v1/me/keys").path("items")) {
				this.out.printf("%-36s %s %s %s%n", key.path("id").asString(), key.path("fingerprint").asString(),
						key.path("createdAt").asString(),
						key.has("revokedAt") ? "revoked " + key.path("revokedAt").asString() : "in force");
			}
		}

	}

	@Command(name = "revoke",
			description = "Revoke one of your approver keys: it signs no further decisions; those it signed stay "
					+ "valid evidence.")
	static final class Revoke implements Runnable {

		@Mixin
		ServerOptions server;

		@Parameters(paramLabel = "<key-id>")
		String id;

		private final PrintStream out;

		Revoke(PrintStream out) {
			this.out = out;
		}

		@Override
		public void run() {
			this.server.api().delete("/api/v1/me/keys/" + Paths.segment(this.id));
			this.out.println("revoked key " + this.id);
		}

	}

}
