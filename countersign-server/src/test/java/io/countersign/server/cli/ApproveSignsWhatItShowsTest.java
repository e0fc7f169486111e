package io.countersign.server.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code approvals approve} signs only a digest that is the digest of the content the
 * server shows. Attacked here by a server that shows one thing and asks for a signature
 * over another (a compromised server, or anyone between): the CLI refuses before it
 * signs, and sends nothing.
 */
class ApproveSignsWhatItShowsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ID = "01936f7a-3c5e-7d1a-9b2c-4e5f60718293";

	@TempDir
	Path files;

	private HttpServer server;

	private final List<String> decisions = new CopyOnWriteArrayList<>();

	private String shownRequest;

	private String keyFingerprint;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/v1/approvals/" + ID, (exchange) -> answer(exchange, this.shownRequest));
		this.server.createContext("/api/v1/approvals/" + ID + "/decisions", (exchange) -> {
			this.decisions.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			answer(exchange, "{\"id\":\"" + ID + "\",\"state\":\"APPROVED\",\"revision\":2}");
		});
		this.server.createContext("/api/v1/me/keys", (exchange) -> answer(exchange,
				"{\"items\":[{\"id\":\"key-1\",\"fingerprint\":\"" + this.keyFingerprint + "\"}]}"));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void aDigestOfTheContentShownIsSignedAndVerifies() throws Exception {
		Map<String, Object> content = content("db-primary");
		String digest = RequestDigest.ofJson(content).hex();
		this.shownRequest = request(content, digest);

		CliRun run = approve();

		assertThat(run.exit()).as(run.toString()).isZero();
		assertThat(this.decisions).hasSize(1);
		JsonNode sent = JSON.readTree(this.decisions.get(0));
		assertThat(sent.get("keyId").asString()).isEqualTo("key-1");
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(ID), 2, Verdict.APPROVE, "Looks right",
				RequestDigest.fromHex(digest));
		ApproverKey key = ApproverKey.fromPem(Files.readString(this.files.resolve("alice.pub.pem")));
		assertThat(key.verifies(message, DecisionSignature.fromBase64(sent.get("signature").asString()))).isTrue();
	}

	@Test
	void aDigestOfOtherContentThanShownIsNotSigned() throws Exception {
		// shows db-primary, asks for a signature over the digest of prod-root
		String digest = RequestDigest.ofJson(content("prod-root")).hex();
		this.shownRequest = request(content("db-primary"), digest);

		CliRun run = approve();

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).isEqualTo("countersign: the server's digest " + digest
				+ " is not the digest of revision 2 as it shows it; not signing\n");
		assertThat(this.decisions).isEmpty();
	}

	private CliRun approve() throws IOException {
		assertThat(CliRun.of("keys", "generate", "--out", this.files.resolve("alice.pem").toString()).exit()).isZero();
		this.keyFingerprint = ApproverKey.fromPem(Files.readString(this.files.resolve("alice.pub.pem"))).fingerprint();
		Path token = Files.writeString(this.files.resolve("token"), "cs_test");
		return CliRun.of("approvals", "approve", ID, "--key", this.files.resolve("alice.pem").toString(), "--reason",
				"Looks right", "--server", "http://127.0.0.1:" + this.server.getAddress().getPort(), "--token-file",
				token.toString());
	}

	private static Map<String, Object> content(String secret) {
		return Map.of("actionType", "secret.rotate", "diff", "- old\n+ new", "initiator", "ivan", "justification",
				"Quarterly rotation of the primary database secret", "parameters", Map.of("secret", secret), "policy",
				Map.of("actionType", "secret.rotate", "version", 3L));
	}

	/** The request as the API shows it: revision 2 current, with its content. */
	private static String request(Map<String, Object> content, String digest) {
		return JSON.writeValueAsString(Map.of("id", ID, "state", "UNDER_REVIEW", "revision", 2, "digest", digest,
				"revisions", List.of(Map.of("revision", 2, "digest", digest, "content", content))));
	}

	private static void answer(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/decisions") ? 201 : 200,
				body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

}
