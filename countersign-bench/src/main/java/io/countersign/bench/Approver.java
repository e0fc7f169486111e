package io.countersign.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.SigningMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One person of {@code bench approvals}: an account holding the initiator and approver
 * roles, an API token and a registered Ed25519 key, made through the API as an
 * administrator would.
 */
record Approver(String name, String token, String keyId, KeyPair keys) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Creates the account, its token and its key on the server at {@code base}. */
	static Approver create(HttpClient client, URI base, String adminToken, String name, List<String> roles)
			throws IOException, InterruptedException {
		post(client, base.resolve("/api/v1/users"), adminToken, Map.of("username", name, "roles", roles));
		String token = post(client, base.resolve("/api/v1/users/" + name + "/tokens"), adminToken,
				Map.of("name", "bench"))
			.get("token")
			.asString();
		KeyPair keys = newKeyPair();
		String pem = ApproverKey.fromSpki(keys.getPublic().getEncoded()).pem();
		String keyId = post(client, base.resolve("/api/v1/me/keys"), token, Map.of("publicKey", pem)).get("id")
			.asString();
		return new Approver(name, token, keyId, keys);
	}

	/** The base64 Ed25519 signature over the message, as a decision carries it. */
	String sign(SigningMessage message) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(this.keys.getPrivate());
			signer.update(message.bytes());
			return Base64.getEncoder().encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A JSON POST with this person's token. */
	static HttpRequest request(URI uri, String token, Object body) {
		return HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
	}

	private static JsonNode post(HttpClient client, URI uri, String token, Object body)
			throws IOException, InterruptedException {
		HttpResponse<String> response = client.send(request(uri, token, body), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IOException("POST " + uri.getPath() + " answered " + response.statusCode() + ": "
					+ response.body().replace('\n', ' '));
		}
		return JSON.readTree(response.body());
	}

	private static KeyPair newKeyPair() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "Approver[" + this.name + "]";
	}

}
