package io.countersign.ledger.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.PolicyVersion;
import io.countersign.ledger.approval.RequestContent;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.tree.MerkleTree;

/**
 * A ledger in which the server logged one approval request's events as the event contract
 * says (docs/approvals.md), among other entries: real canonical envelopes, real Ed25519
 * decisions, a real Merkle tree and signed checkpoint. Tests drive it like a server,
 * honest or not, and pack the evidence as the server's endpoint does.
 */
final class ApprovalLedger {

	static final String ACTION = "secret.rotate";

	static final int POLICY_VERSION = 3;

	final TestLedger ledger = new TestLedger(5);

	final String request = Event.newId();

	final Person ivan = Person.generated("ivan", "approver", "engineer");

	final Person alice = Person.generated("alice", "approver");

	final Person bob = Person.generated("bob", "approver");

	final Person carol = Person.generated("carol", "security");

	/** The request's events: their ledger indexes, in order. */
	final List<Long> events = new ArrayList<>();

	private Map<String, Object> policy = policy("2 of approver", List.of("security"), Optional.empty());

	private String actionType = ACTION;

	private int revision;

	private RequestDigest digest;

	private Instant now = Instant.parse("2026-12-06T10:00:00.000Z");

	private int fillers;

	static Map<String, Object> policy(String quorum, List<String> veto, Optional<String> elevation) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("actionType", ACTION);
		policy.put("version", (long) POLICY_VERSION);
		policy.put("description", "Rotate a production secret");
		policy.put("initiators", List.of("engineer"));
		policy.put("quorum", quorum);
		policy.put("veto", veto);
		policy.put("elevated", elevation.isPresent());
		policy.put("elevation", elevation.orElse(null));
		policy.put("expiresIn", "PT24H");
		policy.put("minJustification", 20L);
		policy.put("execution", "initiator");
		return policy;
	}

	ApprovalLedger withPolicy(Map<String, Object> policy) {
		this.policy = policy;
		return this;
	}

	ApprovalLedger withActionType(String actionType) {
		this.actionType = actionType;
		return this;
	}

	int revision() {
		return this.revision;
	}

	RequestDigest digest() {
		return this.digest;
	}

	long queued() {
		return revise(ApprovalEvents.QUEUED, "Quarterly rotation of the primary database secret");
	}

	long revised(String justification) {
		return revise(ApprovalEvents.REVISED, justification);
	}

	private long revise(String type, String justification) {
		return revise(type, justification, this.ivan.id());
	}

	/**
	 * Logs the next revision with that type and initiator (an honest server keeps both).
	 */
	long revise(String type, String justification, String initiator) {
		return revise(type, justification, initiator, UnaryOperator.identity());
	}

	long revise(String type, String justification, String initiator, UnaryOperator<Map<String, Object>> edit) {
		this.revision++;
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("secret", "db-primary");
		parameters.put("graceSeconds", 300L);
		RequestContent content = new RequestContent(this.actionType, parameters, Optional.of("- old\n+ new"),
				justification, PersonId.of(initiator), new PolicyVersion(this.actionType, POLICY_VERSION));
		this.digest = RequestDigest.of(content);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) this.revision);
		details.put("digest", this.digest.hex());
		details.put("content", content.toJson());
		details.put("policy", this.policy);
		details.put("expiresAt", "2026-12-07T10:00:00Z");
		return log(type, this.ivan.id(), "requested", edit.apply(details));
	}

	long approve(Person person, String state) {
		return decide(person, Verdict.APPROVE, state, message(Verdict.APPROVE, "Rotation window agreed with on-call"));
	}

	long reject(Person person, String state) {
		return decide(person, Verdict.REJECT, state, message(Verdict.REJECT, "Not during the freeze"));
	}

	/** The signing message of a decision on the current revision. */
	SigningMessage message(Verdict verdict, String reason) {
		return new SigningMessage(ApprovalRequestId.of(this.request), this.revision, verdict, reason, this.digest);
	}

	/**
	 * Logs a decision on the current revision, with the person's signature over
	 * {@code signed} (the right message, or another one for an attack).
	 */
	long decide(Person person, Verdict verdict, String state, SigningMessage signed) {
		return decide(person, verdict, state, signed, UnaryOperator.identity());
	}

	long decide(Person person, Verdict verdict, String state, SigningMessage signed,
			UnaryOperator<Map<String, Object>> edit) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) this.revision);
		details.put("digest", this.digest.hex());
		details.put("decision", verdict.wireName());
		details.put("reason", signed.reason());
		details.put("approver", person.id());
		details.put("roles", List.copyOf(new TreeSet<>(person.roles())));
		details.put("keyId", "key-" + person.id());
		details.put("publicKey", Base64.getEncoder().encodeToString(person.key().spki()));
		details.put("fingerprint", person.key().fingerprint());
		details.put("signature", Base64.getEncoder().encodeToString(person.signer().signUnchecked(signed.bytes())));
		details.put("state", state);
		String type = (verdict == Verdict.APPROVE) ? ApprovalEvents.APPROVED : ApprovalEvents.REJECTED;
		return log(type, person.id(), signed.reason(), edit.apply(details));
	}

	long executionStarted() {
		return step(ApprovalEvents.EXECUTION_STARTED, "EXECUTING", Optional.empty());
	}

	long executionSucceeded() {
		return step(ApprovalEvents.EXECUTION_SUCCEEDED, "EXECUTED",
				Optional.of(Map.of("rotated", true, "newVersion", 8L)));
	}

	long step(String type, String state, Optional<Object> result) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) this.revision);
		details.put("state", state);
		result.ifPresent((value) -> details.put("result", value));
		return log(type, this.ivan.id(), "step", details);
	}

	/** The honest history: approved on revision 2 after an amendment, then executed. */
	ApprovalLedger executed() {
		queued();
		approve(this.alice, "UNDER_REVIEW");
		revised("Quarterly rotation of the primary database secret, with a longer grace");
		approve(this.alice, "UNDER_REVIEW");
		approve(this.bob, "APPROVED");
		executionStarted();
		executionSucceeded();
		return this;
	}

	/** Logs an event of this request, after a filler entry or two. */
	long log(String type, String actor, String reason, Map<String, Object> details) {
		long index = logFor(this.request, type, actor, reason, details);
		this.events.add(index);
		return index;
	}

	/** Logs an event about any approval request (not recorded as this request's). */
	long logFor(String request, String type, String actor, String reason, Map<String, Object> details) {
		return logAbout(new Resource(ApprovalEvents.RESOURCE_TYPE, request), type, actor, reason, details);
	}

	/** Logs an event about any resource (not recorded as this request's). */
	long logAbout(Resource resource, String type, String actor, String reason, Map<String, Object> details) {
		for (int i = 0; i <= this.fillers % 2; i++) {
			this.ledger.append(TestLedger.event(100 + this.fillers).leaf());
			this.fillers++;
		}
		this.now = this.now.plusSeconds(61);
		Event event = new Event(Event.newId(), this.now, type, new Actor(actor, "user"), Optional.empty(),
				Optional.of(resource), Outcome.SUCCESS, Optional.of(reason), Optional.empty(),
				Map.of("approval_id", resource.id()), details, Event.newNonce());
		this.ledger.append(event.leaf());
		return this.ledger.entries.size() - 1;
	}

	long size() {
		return this.ledger.entries.size();
	}

	ProvenEntry proven(long index) {
		return new ProvenEntry(index, this.ledger.entries.get((int) index).leaf(),
				MerkleTree.inclusionProof(index, size(), this.ledger.reader()));
	}

	/**
	 * Packs the request's events under a checkpoint of the whole ledger, signed by its
	 * key.
	 */
	Path pack(Path file) throws IOException {
		return pack(file, this.ledger.signer);
	}

	Path pack(Path file, NoteSigner signer) throws IOException {
		this.ledger.append(TestLedger.event(99).leaf());
		List<ProvenEntry> entries = this.events.stream().map(this::proven).toList();
		String checkpoint = this.ledger.checkpoint(signer, size(), this.ledger.root(size())).note();
		try (OutputStream out = Files.newOutputStream(file)) {
			EvidencePackageWriter.write(entries, checkpoint, signer.verifierKey(), out);
		}
		return file;
	}

	/**
	 * Packs the events as a server that skips the writer's checks would: the proven
	 * events, the checkpoint and key, and convenience files that say nothing.
	 */
	Path packUnchecked(Path file) throws IOException {
		this.ledger.append(TestLedger.event(99).leaf());
		StringBuilder lines = new StringBuilder();
		this.events
			.forEach((index) -> lines.append(Json.write(EvidencePackageWriter.line(proven(index)))).append('\n'));
		Map<String, String> files = new LinkedHashMap<>();
		files.put(EvidenceLayout.EVENTS, lines.toString());
		files.put(EvidenceLayout.CHECKPOINT, this.ledger.checkpoint(size()).note());
		files.put(EvidenceLayout.VERIFIER_KEY, key() + "\n");
		for (String name : List.of(EvidenceLayout.REQUEST, EvidenceLayout.POLICY, EvidenceLayout.DECISIONS,
				EvidenceLayout.EXECUTION)) {
			files.put(name, "{}");
		}
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			for (Map.Entry<String, String> entry : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return file;
	}

	String key() {
		return this.ledger.signer.verifierKey().encoded();
	}

	/** Someone who decides, with their key pair. */
	record Person(String id, List<String> roles, ApproverKey key, Signer signer) {

		static Person generated(String id, String... roles) {
			try {
				KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				return new Person(id, List.of(roles), ApproverKey.fromSpki(pair.getPublic().getEncoded()),
						(message) -> {
							Signature signature = Signature.getInstance("Ed25519");
							signature.initSign(pair.getPrivate());
							signature.update(message);
							return signature.sign();
						});
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Signs a message with a person's private key. */
	interface Signer {

		byte[] sign(byte[] message) throws Exception;

		default byte[] signUnchecked(byte[] message) {
			try {
				return sign(message);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
