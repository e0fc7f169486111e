package io.countersign.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration commands drive a running server through its API, with the token from
 * a file, and print one-line reasons with the server's error code when refused.
 */
class AdminCommandsTest extends PostgresApplicationTest {

	@LocalServerPort
	int port;

	@TempDir
	Path files;

	private Path adminToken;

	@BeforeEach
	void adminTokenFile() throws Exception {
		this.adminToken = Files.writeString(this.files.resolve("admin.token"), TestSecrets.BOOTSTRAP_TOKEN + "\n");
	}

	@Test
	void accountLifecycleFromTheCommandLine() throws Exception {
		assertOk(admin("users", "create", "carol", "--display-name", "Carol", "--role", "viewer"));
		assertThat(admin("users", "list").out()).containsPattern("carol\\s+user\\s+active\\s+viewer");

		CliRun created = admin("tokens", "create", "carol", "--name", "laptop", "--expires-in", "P30D");
		assertOk(created);
		String token = created.out().strip();
		assertThat(token).startsWith("cs_");
		assertThat(this.api.withToken(token).get("/api/v1/me").statusCode()).isEqualTo(200);
		assertThat(this.api.withToken(token).get("/api/v1/ledger/verify").statusCode()).isEqualTo(403);

		assertOk(admin("roles", "grant", "carol", "auditor"));
		assertThat(this.api.withToken(token).get("/api/v1/ledger/verify").statusCode()).isEqualTo(200);
		assertOk(admin("roles", "revoke", "carol", "auditor"));
		assertThat(this.api.withToken(token).get("/api/v1/ledger/verify").statusCode()).isEqualTo(403);

		String tokenId = created.err().replaceAll("(?s).*created token (\\S+) for.*", "$1");
		assertOk(admin("tokens", "revoke", tokenId));
		assertThat(this.api.withToken(token).get("/api/v1/me").statusCode()).isEqualTo(401);

		assertOk(admin("users", "archive", "carol"));
		assertThat(admin("users", "list").out()).doesNotContain("carol");
		assertThat(admin("users", "list", "--all").out()).containsPattern("carol\\s+user\\s+archived");
	}

	@Test
	void rolesListShowsTheSeededRolesAndTheirPermissions() {
		CliRun run = admin("roles", "list");

		assertOk(run);
		assertThat(run.out()).containsPattern("admin\\s+\\[mfa\\].*users:manage")
			.containsPattern("agent\\s+.*events:append \\(own\\)")
			.contains("viewer");
	}

	@Test
	void rolesAreCreatedAndChangedFromTheCommandLine() throws Exception {
		assertOk(admin("roles", "create", "reader", "--description", "reads the ledger", "--permission",
				"events:read:own", "--permission", "ledger:read"));
		assertThat(admin("roles", "list").out()).containsPattern("reader\\s+events:read \\(own\\), ledger:read");

		assertOk(admin("roles", "add-permission", "reader", "ledger:verify"));
		assertOk(admin("roles", "remove-permission", "reader", "ledger:read"));
		assertThat(admin("roles", "list").out()).containsPattern("reader\\s+events:read \\(own\\), ledger:verify");

		CliRun unknown = admin("roles", "add-permission", "reader", "nothing:here");
		assertThat(unknown.exit()).isEqualTo(2);
		assertThat(unknown.err()).contains("ERR_UNKNOWN_PERMISSION");
	}

	@Test
	void refusalsExitWithTwoAndTheServersCode() {
		assertOk(admin("users", "create", "dave", "--service"));

		CliRun unknownRole = admin("roles", "grant", "dave", "no-such-role");
		assertThat(unknownRole.exit()).isEqualTo(2);
		assertThat(unknownRole.err().lines().toList()).hasSize(1);
		assertThat(unknownRole.err()).contains("ERR_UNKNOWN_ROLE");

		CliRun duplicate = admin("users", "create", "dave");
		assertThat(duplicate.exit()).isEqualTo(2);
		assertThat(duplicate.err()).contains("ERR_USERNAME_TAKEN");
	}

	@Test
	void aServiceAccountIsCreatedWithTheOwnerNamedAndNeverWithAServiceAccountAsOwner() {
		assertOk(admin("users", "create", "build-bot", "--service", "--owner", "admin"));
		assertThat(admin("users", "create", "ci-bot-two", "--service", "--owner", "build-bot").err())
			.contains("ERR_VALIDATION")
			.contains("owner");
		assertThat(admin("users", "list").out()).contains("build-bot").doesNotContain("ci-bot-two");
	}

	@Test
	void aMissingOrWrongTokenIsAOneLineError() throws Exception {
		Path wrong = Files.writeString(this.files.resolve("wrong.token"), "cs_wrong_token_000000000000000000000000");
		CliRun run = CliRun.of("users", "list", "--server", server(), "--token-file", wrong.toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).startsWith("countersign: ERR_UNAUTHENTICATED");
		assertThat(run.err()).doesNotContain("cs_wrong_token");

		CliRun missing = CliRun.of("users", "list", "--server", server(), "--token-file",
				this.files.resolve("absent").toString());
		assertThat(missing.exit()).isEqualTo(2);
		assertThat(missing.err()).startsWith("countersign: cannot read the token file");
	}

	private CliRun admin(String... args) {
		List<String> all = new java.util.ArrayList<>(List.of(args));
		all.addAll(List.of("--server", server(), "--token-file", this.adminToken.toString()));
		return CliRun.of(all.toArray(String[]::new));
	}

	private String server() {
		return "http://127.0.0.1:" + this.port;
	}

	private static void assertOk(CliRun run) {
		assertThat(run.exit()).as(run.toString()).isZero();
	}

}
