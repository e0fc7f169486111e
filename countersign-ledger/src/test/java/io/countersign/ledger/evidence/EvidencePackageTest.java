package io.countersign.ledger.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.Hash;
import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Openssl;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.PolicyVersion;
import io.countersign.ledger.approval.RequestContent;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.verify.OfflineVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EvidencePackageTest {

	@TempDir
	Path dir;

	private final ApprovalLedger ledger = new ApprovalLedger();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void packageOfAnExecutedRequestIsIntactUnderThePinnedKey() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));

		assertThat(verify(evidence)).isZero();

		assertThat(out()).isEqualTo("INTACT: approval request " + this.ledger.request
				+ " (secret.rotate), state EXECUTED: 2 revision(s), 3 signed decision(s), 7 events proven under "
				+ "checkpoint countersign.test/ledger size " + this.ledger.size() + " root "
				+ this.ledger.ledger.root(this.ledger.size()) + ", signed by the pinned key\n");
		assertThat(err()).isEmpty();
	}

	@Test
	void packageHoldsTheDocumentedFilesAndItsDecisionsCanBeCheckedWithoutCountersign() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		try (ZipFile zip = new ZipFile(evidence.toFile())) {
			assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName)).containsExactly("events.jsonl",
					"checkpoint.txt", "verifier-key.txt", "request.json", "policy.json", "decisions.json",
					"execution.json", "HOW-TO-VERIFY.txt");
			assertThat(text(zip, "events.jsonl").lines()).hasSize(7)
				.allMatch((line) -> line
					.matches("\\{\"index\":\\d+,\"leaf\":\"[A-Za-z0-9+/=]+\",\"auditPath\":\\[.*\\]\\}"));
			Map<?, ?> request = (Map<?, ?>) Json.parse(text(zip, "request.json"));
			assertThat(request.get("state")).isEqualTo("EXECUTED");
			assertThat((List<?>) request.get("revisions")).hasSize(2);
			assertThat(((Map<?, ?>) Json.parse(text(zip, "execution.json"))).get("outcome")).isEqualTo("succeeded");
			assertThat(((Map<?, ?>) Json.parse(text(zip, "policy.json"))).get("quorum")).isEqualTo("2 of approver");
			// an auditor's check: the PEM and the message from decisions.json, the
			// signature
			Map<?, ?> bobs = (Map<?, ?>) ((List<?>) Json.parse(text(zip, "decisions.json"))).get(2);
			assertThat(bobs.get("approver")).isEqualTo("bob");
			ApproverKey key = ApproverKey.fromPem((String) bobs.get("publicKeyPem"));
			assertThat(key.verifies(((String) bobs.get("signingMessage")).getBytes(StandardCharsets.UTF_8),
					DecisionSignature.fromBase64((String) bobs.get("signature"))))
				.isTrue();
			assertThat(text(zip, "HOW-TO-VERIFY.txt")).contains("java -jar countersign-ledger.jar");
		}
	}

	@Test
	void alteredLeafIsNotIncludedInTheSignedCheckpoint() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		long bobs = this.ledger.events.get(4);
		Path edited = edit(evidence, "events.jsonl",
				(text) -> replaceInLeaf(text, 4, "Rotation window", "Rotation windoW"));

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: INCLUSION_PROOF: event at index " + bobs
				+ " is not included in the signed checkpoint of size " + this.ledger.size()
				+ ": its leaf or its audit path was altered\n");
	}

	@Test
	void alteredAuditPathDoesNotLeadToTheSignedRoot() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		long queued = this.ledger.events.get(0);
		Path edited = edit(evidence, "events.jsonl", (text) -> {
			List<String> lines = new ArrayList<>(text.lines().toList());
			Map<String, Object> line = EvidencePackageWriter.line(this.ledger.proven(queued));
			@SuppressWarnings("unchecked")
			List<String> path = new ArrayList<>((List<String>) line.get("auditPath"));
			byte[] hash = Base64.getDecoder().decode(path.get(1));
			hash[31] ^= 1;
			path.set(1, Hash.of(hash).base64());
			line.put("auditPath", path);
			lines.set(0, Json.write(line));
			return String.join("\n", lines) + "\n";
		});

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: INCLUSION_PROOF: event at index " + queued + " is not included");
	}

	@Test
	void checkpointSignedByAnotherKeyThanThePinnedOneIsRejected() throws IOException {
		NoteSigner other = NoteSigner.generate("countersign.test/ledger");
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"), other);

		assertThat(verify(evidence)).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: CHECKPOINT_SIGNATURE: checkpoint of size " + this.ledger.size()
				+ " carries no valid signature by countersign.test/ledger+");
		// the key inside the package is the forger's: only pinning catches this
		assertThat(run(evidence.toString())).isZero();
		assertThat(out()).contains("not pinned");
	}

	@Test
	void signatureOverAnotherRevisionDoesNotVerify() throws IOException {
		this.ledger.queued();
		SigningMessage revisionOne = this.ledger.message(Verdict.APPROVE, "Fine by me");
		this.ledger.revised("Quarterly rotation of the primary database secret, amended");
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.decide(this.ledger.bob, Verdict.APPROVE, "APPROVED", revisionOne,
				(details) -> withMember(details, "revision", 2L));

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out())
			.isEqualTo("TAMPERED: DECISION_SIGNATURE: decision 2 (bob, revision 2): signature does not verify\n");
	}

	@Test
	void signatureForAnotherRequestDoesNotVerify() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		SigningMessage otherRequest = new SigningMessage(new ApprovalRequestId(UUID.randomUUID()), 1, Verdict.APPROVE,
				"Rotation window agreed with on-call", this.ledger.digest());
		this.ledger.decide(this.ledger.bob, Verdict.APPROVE, "APPROVED", otherRequest);

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out())
			.isEqualTo("TAMPERED: DECISION_SIGNATURE: decision 2 (bob, revision 1): signature does not verify\n");
	}

	@Test
	void signatureByAKeyOtherThanTheOneShownDoesNotVerify() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		ApprovalLedger.Person mallory = ApprovalLedger.Person.generated("bob", "approver");
		ApprovalLedger.Person bobWithMallorysSigner = new ApprovalLedger.Person("bob", List.of("approver"),
				this.ledger.bob.key(), mallory.signer());
		this.ledger.approve(bobWithMallorysSigner, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out())
			.isEqualTo("TAMPERED: DECISION_SIGNATURE: decision 2 (bob, revision 1): signature does not verify\n");
	}

	@Test
	void fingerprintOfAnotherKeyIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"),
				(details) -> withMember(details, "fingerprint", this.ledger.bob.key().fingerprint()));

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: KEY_FINGERPRINT: decision 1 (alice, revision 1): fingerprint "
				+ this.ledger.bob.key().fingerprint() + " is not that of its public key");
	}

	@Test
	void decisionByTheOwnerOfTheInitiatingServiceAccountBreaksFourEyes() throws IOException {
		this.ledger.revise(ApprovalEvents.QUEUED, "Nightly rotation requested by the deploy bot", "deploy-bot",
				(details) -> withMember(details, "initiatorPerson", this.ledger.alice.id()));
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).isEqualTo(
				"TAMPERED: FOUR_EYES: decision 1 (alice, revision 1): the initiator decided their own request\n");
	}

	@Test
	void serviceAccountRequestDecidedByPeopleOtherThanItsOwnerIsIntact() throws IOException {
		this.ledger.revise(ApprovalEvents.QUEUED, "Nightly rotation requested by the deploy bot", "deploy-bot",
				(details) -> withMember(details, "initiatorPerson", this.ledger.ivan.id()));
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).as(out()).isZero();
	}

	@Test
	void decisionByTheInitiatorBreaksFourEyes() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.ivan, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out())
			.isEqualTo("TAMPERED: FOUR_EYES: decision 2 (ivan, revision 1): the initiator decided their own request\n");
	}

	@Test
	void secondDecisionOfOnePersonOnARevisionBreaksFourEyes() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "APPROVED",
				this.ledger.message(Verdict.APPROVE, "Approving again from my other token"));

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).isEqualTo(
				"TAMPERED: FOUR_EYES: decision 2 (alice, revision 1): alice already decided revision 1 in decision 1\n");
	}

	@Test
	void quorumThatJustMissesCannotApprove() throws IOException {
		this.ledger.withPolicy(ApprovalLedger.policy("2 of approver and 1 of security", List.of(), Optional.empty()));
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: QUORUM_NOT_MET: decision 2 (bob, revision 1): records the request "
				+ "APPROVED, but the decisions on revision 1 do not meet the quorum of secret.rotate version 3 "
				+ "(\"2 of approver and 1 of security\"): 1 more approval(s) needed, 1 for \"1 of security\"\n");
	}

	@Test
	void quorumThatJustMeetsApproves() throws IOException {
		this.ledger.withPolicy(ApprovalLedger.policy("2 of approver and 1 of security", List.of(), Optional.empty()));
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.carol, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isZero();
		assertThat(out()).contains("state APPROVED: 1 revision(s), 3 signed decision(s)");
	}

	@Test
	void elevatedPolicyNeedsTheElevationRoleOnTop() throws IOException {
		this.ledger.withPolicy(ApprovalLedger.policy("2 of approver", List.of(), Optional.of("security")));
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: QUORUM_NOT_MET: decision 2 (bob, revision 1)")
			.contains("elevated by 1 of security");
	}

	@Test
	void approvalOverAVetoIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.reject(this.ledger.carol, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: VETOED: decision 2 (carol, revision 1): records the request "
				+ "UNDER_REVIEW, but carol (security) vetoed revision 1 under secret.rotate version 3 "
				+ "(\"2 of approver\")\n");
	}

	@Test
	void vetoedRequestIsIntactAsRejected() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.reject(this.ledger.carol, "REJECTED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isZero();
		assertThat(out()).contains("state REJECTED");
	}

	@Test
	void approvalsOfAnEarlierRevisionDoNotCount() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.revised("Quarterly rotation of the primary database secret, amended");
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: QUORUM_NOT_MET: decision 2 (bob, revision 2): records the request "
				+ "APPROVED, but the decisions on revision 2 do not meet the quorum");
	}

	@Test
	void digestThatIsNotTheContentsIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.log(ApprovalEvents.REVISED, "ivan", "amended", revisionWithDigestOf(1));

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: DIGEST_MISMATCH: revision 2 (index " + this.ledger.events.get(1)
				+ "): digest " + this.ledger.digest() + " is not the SHA-256 of its content, which is ");
	}

	@Test
	void editedConvenienceFilesAreCaught() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));

		Path reason = edit(evidence, "decisions.json",
				(text) -> text.replaceFirst("Rotation window agreed with on-call", "Emergency, no review needed"));
		assertThat(verify(reason)).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: CONVENIENCE_FILE: decisions.json differs from the proven events: "
				+ "$[0].reason is \"Emergency, no review needed\", the proven events say "
				+ "\"Rotation window agreed with on-call\"\n");

		Path parameters = edit(evidence, "request.json", (text) -> text.replace("\"db-primary\"", "\"db-replica\""));
		assertThat(verify(parameters)).isEqualTo(1);
		assertThat(out()).startsWith(
				"TAMPERED: CONVENIENCE_FILE: request.json differs from the proven events: $.revisions[0].content.parameters.secret is \"db-replica\"");

		Path quorum = edit(evidence, "policy.json", (text) -> text.replace("2 of approver", "1 of approver"));
		assertThat(verify(quorum)).isEqualTo(1);
		assertThat(out())
			.startsWith("TAMPERED: CONVENIENCE_FILE: policy.json differs from the proven events: $.quorum");

		Path added = edit(evidence, "execution.json", (text) -> text.replaceFirst("\\{", "{\"approvedBy\": \"ceo\","));
		assertThat(verify(added)).isEqualTo(1);
		assertThat(out()).startsWith(
				"TAMPERED: CONVENIENCE_FILE: execution.json differs from the proven events: $.approvedBy is \"ceo\"");
	}

	@Test
	void executionFileThatHidesTheOutcomeIsCaught() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		Path edited = edit(evidence, "execution.json",
				(text) -> text.replace("\"outcome\": \"succeeded\"", "\"outcome\": null"));

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: CONVENIENCE_FILE: execution.json differs from the proven events: "
				+ "$.outcome is null, the proven events say \"succeeded\"\n");
	}

	@Test
	void strayFileIsRefused() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		Path edited = add(evidence, "approval-override.json", "{\"approved\": true}");

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: PACKAGE_MALFORMED: unexpected file approval-override.json\n");
	}

	@Test
	void eventOfAnotherRequestSlippedInIsCaught() throws IOException {
		String other = Event.newId();
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		long foreign = this.ledger.logFor(other, ApprovalEvents.APPROVED, "bob", "fine", Map.of("revision", 1L));
		this.ledger.approve(this.ledger.bob, "APPROVED");
		Path evidence = this.ledger.pack(this.dir.resolve("evidence.zip"));
		String slipped = Json.write(EvidencePackageWriter.line(this.ledger.proven(foreign)));
		Path edited = edit(evidence, "events.jsonl", (text) -> {
			List<String> lines = new ArrayList<>(text.lines().toList());
			lines.add(2, slipped);
			return String.join("\n", lines) + "\n";
		});

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).isEqualTo(
				"TAMPERED: OTHER_REQUEST: event at index " + foreign + " (ACTION_APPROVED) is about approval_request "
						+ other + ", not approval request " + this.ledger.request + "\n");
	}

	@Test
	void writerRefusesEventsOfTwoRequests() throws IOException {
		this.ledger.queued();
		long foreign = this.ledger.logFor(Event.newId(), ApprovalEvents.APPROVED, "bob", "fine",
				Map.of("revision", 1L));
		this.ledger.events.add(foreign);

		assertThatIllegalArgumentException().isThrownBy(() -> this.ledger.pack(this.dir.resolve("evidence.zip")))
			.withMessageContaining("OTHER_REQUEST");
	}

	@Test
	void executedWithoutAProvenExecutionEventIsCaught() throws IOException {
		Path evidence = this.ledger.executed().pack(this.dir.resolve("evidence.zip"));
		Path edited = edit(evidence, "events.jsonl",
				(text) -> String.join("\n", text.lines().limit(6).toList()) + "\n");

		assertThat(verify(edited)).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: EXECUTION_MISSING: request.json says the action executed "
				+ "($.state is \"EXECUTED\", the proven events say \"EXECUTING\"): no proven "
				+ "ACTION_EXECUTION_SUCCEEDED event shows it\n");
	}

	@Test
	void executionWithoutApprovalIsNotATransition() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.executionStarted();

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isEqualTo(1);
		assertThat(out()).isEqualTo("TAMPERED: STATE_TRANSITION: event at index " + this.ledger.events.get(2)
				+ " (ACTION_EXECUTION_STARTED) moves the request from UNDER_REVIEW to EXECUTING, which is not a "
				+ "transition (no approval that meets the quorum before it)\n");
	}

	@Test
	void opensslMadeKeyAndSignatureAreAccepted() throws IOException {
		Openssl openssl = Openssl.in(this.dir);
		openssl.run("genpkey", "-algorithm", "ed25519", "-out", "dave.pem");
		openssl.run("pkey", "-in", "dave.pem", "-pubout", "-out", "dave.pub.pem");
		ApproverKey key = ApproverKey.fromPem(Files.readString(this.dir.resolve("dave.pub.pem")));
		ApprovalLedger.Person dave = new ApprovalLedger.Person("dave", List.of("approver"), key, (message) -> {
			Files.write(this.dir.resolve("message.txt"), message);
			openssl.run("pkeyutl", "-sign", "-rawin", "-inkey", "dave.pem", "-in", "message.txt", "-out",
					"decision.sig");
			return Files.readAllBytes(this.dir.resolve("decision.sig"));
		});
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(dave, "APPROVED");

		assertThat(verify(this.ledger.pack(this.dir.resolve("evidence.zip")))).isZero();
		assertThat(out()).contains("state APPROVED: 1 revision(s), 2 signed decision(s)");
	}

	@Test
	void unreadablePackageIsAnError() throws IOException {
		Path garbage = Files.writeString(this.dir.resolve("garbage.zip"), "not a zip");
		assertThat(verify(garbage)).isEqualTo(2);
		assertThat(out()).isEmpty();
	}

	private Map<String, Object> revisionWithDigestOf(int revision) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", 2L);
		details.put("digest", this.ledger.digest().hex());
		RequestContent content = new RequestContent(ApprovalLedger.ACTION, Map.of("secret", "db-replica"),
				Optional.empty(), "Something else entirely now", PersonId.of("ivan"),
				new PolicyVersion(ApprovalLedger.ACTION, ApprovalLedger.POLICY_VERSION));
		details.put("content", content.toJson());
		details.put("policy", ApprovalLedger.policy("2 of approver", List.of("security"), Optional.empty()));
		details.put("expiresAt", "2026-12-07T10:00:00Z");
		return details;
	}

	private static Map<String, Object> withMember(Map<String, Object> details, String name, Object value) {
		details.put(name, value);
		return details;
	}

	/** Changes text inside the leaf of one line, keeping its audit path. */
	private static String replaceInLeaf(String text, int lineNumber, String from, String to) {
		List<String> lines = new ArrayList<>(text.lines().toList());
		Map<?, ?> line = (Map<?, ?>) Json.parse(lines.get(lineNumber));
		String leaf = new String(Base64.getDecoder().decode((String) line.get("leaf")), StandardCharsets.UTF_8);
		assertThat(leaf).contains(from);
		String edited = Base64.getEncoder().encodeToString(leaf.replace(from, to).getBytes(StandardCharsets.UTF_8));
		lines.set(lineNumber, lines.get(lineNumber).replace((String) line.get("leaf"), edited));
		return String.join("\n", lines) + "\n";
	}

	private Path edit(Path evidence, String name, UnaryOperator<String> editor) throws IOException {
		return rewrite(evidence, name, editor, Optional.empty());
	}

	private Path add(Path evidence, String name, String content) throws IOException {
		return rewrite(evidence, "", UnaryOperator.identity(), Optional.of(Map.entry(name, content)));
	}

	private Path rewrite(Path evidence, String name, UnaryOperator<String> editor,
			Optional<Map.Entry<String, String>> extra) throws IOException {
		Path edited = this.dir.resolve("edited-" + UUID.randomUUID() + ".zip");
		try (ZipFile zip = new ZipFile(evidence.toFile());
				ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(edited))) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				String content = text(zip, entry.getName());
				copy.putNextEntry(new ZipEntry(entry.getName()));
				copy.write((entry.getName().equals(name) ? editor.apply(content) : content)
					.getBytes(StandardCharsets.UTF_8));
				copy.closeEntry();
			}
			if (extra.isPresent()) {
				copy.putNextEntry(new ZipEntry(extra.get().getKey()));
				copy.write(extra.get().getValue().getBytes(StandardCharsets.UTF_8));
				copy.closeEntry();
			}
		}
		return edited;
	}

	private static String text(ZipFile zip, String name) throws IOException {
		return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
	}

	/** Runs the ledger jar's entry point with the ledger's key pinned. */
	private int verify(Path evidence) {
		return run(evidence.toString(), "--key", this.ledger.key());
	}

	private int run(String... args) {
		this.out.reset();
		this.err.reset();
		return OfflineVerifier.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
