package io.countersign.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.OfflineVerification;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The approval workflow from the command line against a running server on PostgreSQL:
 * people make and register their keys with {@code keys}, request with
 * {@code approvals request}, and decide with {@code approvals approve --key <file>},
 * which signs locally; refusals are one line with the server's code and exit 2.
 */
class ApprovalCommandsTest extends PostgresApplicationTest {

	private static final String JUSTIFICATION = "Quarterly rotation agreed in the change board";

	@LocalServerPort
	int port;

	@TempDir
	Path files;

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	private Path adminToken;

	private String actionType;

	@BeforeEach
	void setUp() throws IOException {
		this.adminToken = Files.writeString(this.files.resolve("admin.token"), TestSecrets.BOOTSTRAP_TOKEN + "\n");
		this.actionType = ApprovalFixture.actionType("secret.rotate");
		ApprovalFixture.policy(this.book, this.transaction, this.actionType, "1 of approver");
	}

	@Test
	void requestedThenApprovedBySomeoneElseWithAKeyFileWhileTheInitiatorIsRefused() throws Exception {
		Path ivan = person("ivan", "operator", "approver");
		Path alice = person("alice", "approver");

		CliRun generated = run(null, "keys", "generate", "--out", file("alice.pem"));
		assertOk(generated);
		Path privateKey = this.files.resolve("alice.pem");
		Path publicKey = this.files.resolve("alice.pub.pem");
		assertThat(Files.getPosixFilePermissions(privateKey)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----\n");
		String fingerprint = ApproverKey.fromPem(Files.readString(publicKey)).fingerprint();
		assertThat(generated.out()).contains(fingerprint);

		CliRun registered = run(alice, "keys", "register", "--public", publicKey.toString());
		assertOk(registered);
		assertThat(registered.out()).contains(fingerprint);
		assertThat(run(alice, "keys", "list").out()).containsPattern("\\S+ " + fingerprint + " \\S+ in force");
		assertOk(run(null, "keys", "generate", "--out", file("ivan.pem")));
		assertOk(run(ivan, "keys", "register", "--key", file("ivan.pem")));

		Path diff = Files.writeString(this.files.resolve("change.diff"), "- old\n+ new\n");
		CliRun requested = run(ivan, "approvals", "request", "--action", this.actionType, "--param",
				"secret=db-primary", "--param", "graceSeconds=300", "--diff-file", diff.toString(), "--justification",
				JUSTIFICATION);
		assertOk(requested);
		String id = requested.out().strip();
		assertThat(requested.err()).contains("UNDER_REVIEW").contains("1 approval(s) needed");
		assertThat(run(alice, "approvals", "list", "--waiting-for-me").out()).contains(id);
		assertThat(run(ivan, "approvals", "list", "--mine", "--state", "UNDER_REVIEW").out()).contains(id);
		assertThat(run(alice, "approvals", "list", "--mine").out()).doesNotContain(id);

		CliRun self = run(ivan, "approvals", "approve", id, "--key", file("ivan.pem"), "--reason", "Fine by me");
		assertThat(self.exit()).as(self.toString()).isEqualTo(2);
		assertThat(self.err().lines().toList()).hasSize(1);
		assertThat(self.err()).startsWith("countersign: ERR_SOLE_APPROVER: ");
		assertThat(self.out()).isEmpty();

		CliRun approved = run(alice, "approvals", "approve", id, "--key", privateKey.toString(), "--reason",
				"Rotation window agreed with on-call");
		assertOk(approved);
		assertThat(approved.out().strip()).isEqualTo("approved " + id + " revision 1: APPROVED");

		JsonNode decision = approvedEvent(id);
		assertThat(decision.get("fingerprint").asString()).isEqualTo(fingerprint);
		assertThat(verifies(id, decision)).isTrue();

		CliRun shown = run(ivan, "approvals", "show", id);
		assertOk(shown);
		assertThat(shown.out()).contains("state         APPROVED")
			.contains("\"graceSeconds\":\"300\"")
			.contains("  + new")
			.containsPattern("decision +r1 approve by alice_\\S+ at \\S+: Rotation window agreed with on-call");

		CliRun executed = run(ivan, "approvals", "execute", id, "--outcome", "succeeded", "--result",
				"{\"rotated\":true}");
		assertOk(executed);
		assertThat(executed.out().lines().toList()).containsExactly("claimed the execution of " + id + ": EXECUTING",
				"reported succeeded for " + id + ": EXECUTED");
		CliRun again = run(ivan, "approvals", "execute", id);
		assertThat(again.exit()).isEqualTo(2);
		assertThat(again.err().lines().toList()).hasSize(1);
		assertThat(again.err()).startsWith("countersign: ERR_INVALID_STATE_TRANSITION: ");
		assertThat(new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)).eventTypes(id)).containsExactly(
				"ACTION_QUEUED", "ACTION_APPROVED", "ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED");
		assertThat(run(ivan, "approvals", "show", id).out()).contains("succeeded: {\"rotated\":true}");

		Path evidence = this.files.resolve("evidence.zip");
		CliRun downloaded = run(ivan, "approvals", "evidence", id, "--out", evidence.toString());
		assertOk(downloaded);
		assertThat(downloaded.out()).startsWith("wrote the evidence of " + id + " to ");
		String verifierKey = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/ledger/key").body().strip();
		OfflineVerification.Outcome checked = OfflineVerification.verify(evidence, verifierKey);
		assertThat(checked.exit()).as(checked.line()).isZero();
		assertThat(checked.line()).startsWith("INTACT: approval request " + id);

		CliRun rollback = run(ivan, "approvals", "rollback", id, "--justification",
				"The new secret breaks the reporting job; restore the old one");
		assertOk(rollback);
		String undo = rollback.out().strip();
		assertThat(undo).isNotEqualTo(id);
		assertThat(run(ivan, "approvals", "show", undo).out()).contains("rolls back    " + id)
			.contains("state         UNDER_REVIEW")
			.contains("\"secret\":\"db-primary\"");
	}

	@Test
	void anExecutionIsClaimedOnlyOnceTheQuorumIsMetAndAnOutcomeNeedsAClaim() throws Exception {
		Path ivan = person("ivan", "operator");
		String id = request(ivan);

		CliRun early = run(ivan, "approvals", "execute", id);
		assertThat(early.exit()).isEqualTo(2);
		assertThat(early.err()).startsWith("countersign: ERR_QUORUM_NOT_MET: ");

		CliRun stray = run(ivan, "approvals", "execute", id, "--result", "done");
		assertThat(stray.exit()).isEqualTo(2);
		assertThat(stray.err()).isEqualTo("countersign: --result goes with --outcome\n");
		assertThat(run(ivan, "approvals", "show", id).out()).contains("state         UNDER_REVIEW");
	}

	@Test
	void aDelegateGivenTheRightWithTheCliDecidesForTheDelegatorSignedWithTheirOwnKey() throws Exception {
		Path ivan = person("ivan", "operator");
		Path alice = person("alice", "approver");
		Path bob = person("bob", "approver");
		String aliceName = username(alice);
		String bobName = username(bob);
		assertOk(run(null, "keys", "generate", "--out", file("bob.pem")));
		assertOk(run(bob, "keys", "register", "--key", file("bob.pem")));
		String id = request(ivan);

		CliRun undelegated = run(bob, "approvals", "approve", id, "--key", file("bob.pem"), "--reason",
				"Covering for alice", "--on-behalf-of", aliceName);
		assertThat(undelegated.exit()).as(undelegated.toString()).isEqualTo(2);
		assertThat(undelegated.err()).startsWith("countersign: ERR_DELEGATION_NOT_FOUND: ");

		CliRun given = run(alice, "delegations", "give", bobName, "--until",
				Instant.now().plus(Duration.ofDays(7)).toString(), "--action", this.actionType, "--reason",
				"On leave; bob covers rotations");
		assertOk(given);
		String delegation = given.out().strip();
		assertThat(run(bob, "delegations", "list").out()).contains(delegation)
			.contains("received " + aliceName + " -> " + bobName + " active")
			.contains(this.actionType);
		assertThat(run(alice, "delegations", "list").out()).contains("given    " + aliceName + " -> " + bobName);

		CliRun approved = run(bob, "approvals", "approve", id, "--key", file("bob.pem"), "--reason",
				"Covering for alice", "--on-behalf-of", aliceName);
		assertOk(approved);
		assertThat(approved.out().strip()).isEqualTo("approved " + id + " revision 1 for " + aliceName + ": APPROVED");
		JsonNode decision = approvedEvent(id);
		assertThat(decision.get("approver").asString()).isEqualTo(bobName);
		assertThat(decision.get("onBehalfOf").asString()).isEqualTo(aliceName);
		assertThat(decision.get("delegation").asString()).isEqualTo(delegation);
		// the signature covers the on-behalf-of line: as a direct decision it does not
		// verify
		assertThat(verifies(id, decision)).isTrue();
		assertThat(verifies(id, decision, Optional.empty())).isFalse();

		CliRun revoked = run(alice, "delegations", "revoke", delegation);
		assertOk(revoked);
		assertThat(run(bob, "delegations", "list").out()).contains(aliceName + " -> " + bobName + " revoked");
		String next = request(ivan);
		CliRun afterRevocation = run(bob, "approvals", "approve", next, "--key", file("bob.pem"), "--reason",
				"Covering for alice", "--on-behalf-of", aliceName);
		assertThat(afterRevocation.exit()).isEqualTo(2);
		assertThat(afterRevocation.err()).startsWith("countersign: ERR_DELEGATION_EXPIRED: ");
		assertThat(run(ivan, "approvals", "show", next).out()).contains("state         UNDER_REVIEW");
	}

	@Test
	void aKeyMadeByOpensslApprovesWithTheKeyFile() throws Exception {
		assumeTrue(openssl("version") == 0, "openssl is not installed");
		Path ivan = person("ivan", "operator");
		Path bob = person("bob", "approver");
		assertThat(openssl("genpkey", "-algorithm", "ed25519", "-out", file("bob.pem"))).isZero();
		assertThat(openssl("pkey", "-in", file("bob.pem"), "-pubout", "-out", file("bob.pub.pem"))).isZero();

		// registered from the private key: the public half the CLI derives is openssl's
		CliRun registered = run(bob, "keys", "register", "--key", file("bob.pem"));
		assertOk(registered);
		String fingerprint = ApproverKey.fromPem(Files.readString(this.files.resolve("bob.pub.pem"))).fingerprint();
		assertThat(registered.out()).contains(fingerprint);

		String id = request(ivan);
		CliRun approved = run(bob, "approvals", "approve", id, "--key", file("bob.pem"), "--reason",
				"Checked the rotation plan");
		assertOk(approved);
		assertThat(approved.out()).contains("APPROVED");
		assertThat(approvedEvent(id).get("fingerprint").asString()).isEqualTo(fingerprint);

		// and the other way round: openssl reads a key the CLI generated
		assertOk(run(null, "keys", "generate", "--out", file("carol.pem")));
		assertThat(openssl("pkey", "-in", file("carol.pem"), "-pubout", "-out", file("carol.openssl.pub.pem")))
			.isZero();
		assertThat(Files.readString(this.files.resolve("carol.openssl.pub.pem")))
			.isEqualTo(Files.readString(this.files.resolve("carol.pub.pem")));
	}

	@Test
	void aSignatureByAKeyOtherThanTheRegisteredOneIsRefusedAndChangesNothing() throws Exception {
		Path ivan = person("ivan", "operator");
		Path alice = person("alice", "approver");
		assertOk(run(null, "keys", "generate", "--out", file("alice.pem")));
		CliRun registered = run(alice, "keys", "register", "--key", file("alice.pem"));
		String keyId = registered.out().replaceAll("(?s)registered key (\\S+) .*", "$1");
		assertOk(run(null, "keys", "generate", "--out", file("mallory.pem")));
		String id = request(ivan);

		// an unregistered key cannot be matched to a key id
		CliRun unmatched = run(alice, "approvals", "approve", id, "--key", file("mallory.pem"), "--reason", "Sure");
		assertThat(unmatched.exit()).isEqualTo(2);
		assertThat(unmatched.err()).startsWith("countersign: the key ").contains("is not one of your registered keys");

		// claiming alice's key id with another key's signature
		CliRun forged = run(alice, "approvals", "approve", id, "--key", file("mallory.pem"), "--key-id", keyId,
				"--reason", "Sure");
		assertThat(forged.exit()).isEqualTo(2);
		assertThat(forged.err().lines().toList()).hasSize(1);
		assertThat(forged.err()).startsWith("countersign: ERR_INVALID_SIGNATURE: ");

		// a revoked key signs nothing more
		assertOk(run(alice, "keys", "revoke", keyId));
		assertThat(run(alice, "keys", "list").out()).contains("revoked");
		CliRun revoked = run(alice, "approvals", "reject", id, "--key", file("alice.pem"), "--key-id", keyId,
				"--reason", "Not now");
		assertThat(revoked.exit()).isEqualTo(2);
		assertThat(revoked.err()).startsWith("countersign: ERR_INVALID_SIGNATURE: ");

		assertThat(run(ivan, "approvals", "show", id).out()).contains("state         UNDER_REVIEW")
			.doesNotContain("decision ");
	}

	@Test
	void keysAreNeverWrittenOverAnExistingFile() throws Exception {
		Path existing = Files.writeString(this.files.resolve("precious.pem"), "someone's only copy\n");

		CliRun run = run(null, "keys", "generate", "--out", existing.toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("exists; not overwriting");
		assertThat(Files.readString(existing)).isEqualTo("someone's only copy\n");
		assertThat(this.files.resolve("precious.pub.pem")).doesNotExist();
	}

	@Test
	void parametersFromAJsonFileKeepTheirTypesInTheDigest() throws Exception {
		Path ivan = person("ivan", "operator");
		Path parameters = Files.writeString(this.files.resolve("parameters.json"),
				"{\"secret\":\"db-primary\",\"graceSeconds\":300,\"keepOld\":true}");

		CliRun requested = run(ivan, "approvals", "request", "--action", this.actionType, "--parameters-file",
				parameters.toString(), "--justification", JUSTIFICATION);

		assertOk(requested);
		CliRun shown = run(ivan, "approvals", "show", requested.out().strip(), "--json");
		JsonNode request = tools.jackson.databind.json.JsonMapper.builder().build().readTree(shown.out());
		assertThat(request.get("parameters").get("graceSeconds").isNumber()).isTrue();
		assertThat(request.get("parameters").get("keepOld").asBoolean()).isTrue();

		CliRun tooShort = run(ivan, "approvals", "request", "--action", this.actionType, "--parameters-file",
				parameters.toString(), "--justification", "because");
		assertThat(tooShort.exit()).isEqualTo(2);
		assertThat(tooShort.err()).startsWith("countersign: ERR_JUSTIFICATION_TOO_SHORT: ");
	}

	/** Opens a request as {@code initiator} through the CLI; returns its id. */
	private String request(Path initiator) {
		CliRun requested = run(initiator, "approvals", "request", "--action", this.actionType, "--param",
				"secret=db-primary", "--justification", JUSTIFICATION);
		assertOk(requested);
		return requested.out().strip();
	}

	/**
	 * A user with {@code roles}, created with the CLI as the administrator; returns the
	 * file holding a token of theirs.
	 */
	private Path person(String prefix, String... roles) throws IOException {
		String name = PostgresTestDatabase.randomName(prefix + "_");
		List<String> args = new ArrayList<>(List.of("users", "create", name));
		for (String role : roles) {
			args.addAll(List.of("--role", role));
		}
		assertOk(run(this.adminToken, args.toArray(String[]::new)));
		CliRun token = run(this.adminToken, "tokens", "create", name, "--name", "cli");
		assertOk(token);
		return Files.writeString(this.files.resolve(name + ".token"), token.out());
	}

	private JsonNode approvedEvent(String id) {
		List<JsonNode> events = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)).events(id);
		List<JsonNode> approved = events.stream()
			.filter((event) -> event.get("type").asString().equals("ACTION_APPROVED"))
			.toList();
		assertThat(approved).hasSize(1);
		return approved.get(0).get("details");
	}

	/** Checks a recorded decision as an auditor would: its signature over its message. */
	private static boolean verifies(String id, JsonNode decision) {
		return verifies(id, decision,
				Optional.ofNullable(decision.get("onBehalfOf")).map(JsonNode::asString).map(PersonId::of));
	}

	private static boolean verifies(String id, JsonNode decision, Optional<PersonId> onBehalfOf) {
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), decision.get("revision").asInt(),
				Verdict.fromWireName(decision.get("decision").asString()), decision.get("reason").asString(),
				RequestDigest.fromHex(decision.get("digest").asString()), onBehalfOf);
		ApproverKey key = ApproverKey.fromSpki(Base64.getDecoder().decode(decision.get("publicKey").asString()));
		return key.verifies(message, DecisionSignature.fromBase64(decision.get("signature").asString()));
	}

	private static String username(Path tokenFile) {
		String file = tokenFile.getFileName().toString();
		return file.substring(0, file.length() - ".token".length());
	}

	/** Runs the CLI against this server with the token in {@code tokenFile}, if any. */
	private CliRun run(Path tokenFile, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		if (tokenFile != null) {
			all.addAll(List.of("--server", "http://127.0.0.1:" + this.port, "--token-file", tokenFile.toString()));
		}
		return CliRun.of(all.toArray(String[]::new));
	}

	private String file(String name) {
		return this.files.resolve(name).toString();
	}

	private static int openssl(String... args) throws InterruptedException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
		}
		catch (IOException absent) {
			return -1;
		}
	}

	private static void assertOk(CliRun run) {
		assertThat(run.exit()).as(run.toString()).isZero();
	}

}
