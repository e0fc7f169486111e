package io.countersign.server.approval;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvals as the tests drive them, over real HTTP: people with roles, tokens and
 * registered Ed25519 keys, requests, signed decisions and the ledger events of a request.
 * Policies are activated through the {@link PolicyBook} (there is no policy API in this
 * module).
 */
public final class ApprovalFixture {

	private final ApiClient admin;

	public ApprovalFixture(ApiClient admin) {
		this.admin = admin;
	}

	public ApiClient admin() {
		return this.admin;
	}

	/** Someone who may act: an account, a token and, for deciding, a registered key. */
	public record Person(String name, ApiClient api, KeyPair keys, String keyId) {

		/** Signs a decision with this person's key, as an approver's tool would. */
		public String sign(SigningMessage message) {
			return ApprovalFixture.sign(this.keys, message.bytes());
		}

	}

	/** Activates a policy: initiators {@code operator}, no veto, a day to decide. */
	public static PolicyDocument policy(PolicyBook book, TransactionTemplate transaction, String actionType,
			String quorum, String... veto) {
		return policy(book, transaction, actionType, quorum, Duration.ofHours(24), veto);
	}

	public static PolicyDocument policy(PolicyBook book, TransactionTemplate transaction, String actionType,
			String quorum, Duration expiresIn, String... veto) {
		PolicyDocument document = new PolicyDocument(actionType, 1, "test policy", List.of("operator"), quorum,
				List.of(veto), false, Optional.empty(), expiresIn, 20, "initiator");
		return transaction.execute((status) -> book.activate(document, "test", Optional.empty()));
	}

	/** A unique action type for one test. */
	public static String actionType(String prefix) {
		return prefix + "." + PostgresTestDatabase.randomName("t");
	}

	/** Creates a role giving {@code permissions} (scope all) unless it exists. */
	public void role(String name, String... permissions) {
		StringBuilder json = new StringBuilder(
				"{\"name\":\"" + name + "\",\"description\":\"test role\"," + "\"permissions\":{");
		for (int i = 0; i < permissions.length; i++) {
			json.append((i == 0) ? "" : ",").append('"').append(permissions[i]).append("\":\"all\"");
		}
		json.append("}}");
		HttpResponse<String> response = this.admin.post("/api/v1/roles", "application/json", json.toString());
		assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
	}

	/** A new user holding {@code roles}, with a token and a registered key. */
	public Person person(String prefix, String... roles) {
		String name = PostgresTestDatabase.randomName(prefix + "_");
		StringBuilder json = new StringBuilder("{\"username\":\"" + name + "\",\"roles\":[");
		for (int i = 0; i < roles.length; i++) {
			json.append((i == 0) ? "" : ",").append('"').append(roles[i]).append('"');
		}
		json.append("]}");
		HttpResponse<String> created = this.admin.post("/api/v1/users", "application/json", json.toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		ApiClient api = this.admin.withToken(token(name));
		KeyPair keys = newKeyPair();
		HttpResponse<String> registered = api.post("/api/v1/me/keys", "application/json",
				"{\"publicKey\":" + quote(ApproverKey.fromSpki(keys.getPublic().getEncoded()).pem()) + "}");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		return new Person(name, api, keys, ApiClient.json(registered).get("id").asString());
	}

	/** Another API token of the same person. */
	public String token(String username) {
		HttpResponse<String> issued = this.admin.post("/api/v1/users/" + username + "/tokens", "application/json",
				"{\"name\":\"test\"}");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return ApiClient.json(issued).get("token").asString();
	}

	/**
	 * The same person acting through a new token of theirs, on the server at
	 * {@code port}.
	 */
	public Person on(Person person, int port) {
		return new Person(person.name(), new ApiClient(port).withToken(token(person.name())), person.keys(),
				person.keyId());
	}

	/** Opens a request; fails the test unless it is created. */
	public JsonNode open(Person initiator, String actionType, String parametersJson) {
		HttpResponse<String> response = request(initiator, actionType, parametersJson,
				"Quarterly rotation agreed in the change board");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return ApiClient.json(response);
	}

	public HttpResponse<String> request(Person initiator, String actionType, String parametersJson,
			String justification) {
		return initiator.api()
			.post("/api/v1/approvals", "application/json", "{\"actionType\":" + quote(actionType) + ",\"parameters\":"
					+ parametersJson + ",\"justification\":" + quote(justification) + "}");
	}

	public JsonNode read(String id) {
		HttpResponse<String> response = this.admin.get("/api/v1/approvals/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response);
	}

	/** Signs the request's current revision and sends the decision. */
	public HttpResponse<String> decide(Person approver, String id, Verdict verdict, String reason) {
		JsonNode request = read(id);
		return decide(approver, id, request.get("revision").asInt(), request.get("digest").asString(), verdict, reason);
	}

	/** Signs the given revision and digest and sends the decision. */
	public HttpResponse<String> decide(Person approver, String id, int revision, String digest, Verdict verdict,
			String reason) {
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), revision, verdict, reason,
				RequestDigest.fromHex(digest));
		return send(approver, id, verdict, reason, approver.keyId(), approver.sign(message));
	}

	public HttpResponse<String> send(Person approver, String id, Verdict verdict, String reason, String keyId,
			String signature) {
		return approver.api()
			.post("/api/v1/approvals/" + id + "/decisions", "application/json",
					"{\"decision\":\"" + verdict.wireName() + "\",\"reason\":" + quote(reason) + ",\"keyId\":"
							+ quote(keyId) + ",\"signature\":" + quote(signature) + "}");
	}

	/** The ledger events about a request (or key), oldest first. */
	public List<JsonNode> events(String resourceId) {
		HttpResponse<String> response = this.admin.get("/api/v1/events?order=oldest&limit=1000&resourceId="
				+ URLEncoder.encode(resourceId, StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach((item) -> events.add(item.get("event")));
		return events;
	}

	/** The types of the events about a request, oldest first. */
	public List<String> eventTypes(String resourceId) {
		return events(resourceId).stream().map((event) -> event.get("type").asString()).toList();
	}

	/** The problem code of an answer. */
	public static String code(HttpResponse<String> response) {
		return ApiClient.json(response).path("code").asString();
	}

	public static KeyPair newKeyPair() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(KeyPair keys, byte[] message) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(keys.getPrivate());
			signer.update(message);
			return Base64.getEncoder().encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A JSON string literal. */
	public static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
