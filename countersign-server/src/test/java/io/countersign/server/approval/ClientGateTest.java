package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.countersign.client.ApprovalDeniedException;
import io.countersign.client.ApprovalRequest;
import io.countersign.client.ApprovalState;
import io.countersign.client.CountersignApiException;
import io.countersign.client.CountersignClient;
import io.countersign.client.Decision;
import io.countersign.client.DecisionTimeoutException;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Java client (countersign-client) against a running server: {@code gate} runs the
 * caller's code only once two people approved, and reports its result; an exception
 * thrown by the code is ACTION_EXECUTION_FAILED with its message and reaches the caller;
 * {@code awaitDecision} sees a rejection; refusals carry the server's ERR_ code.
 */
class ClientGateTest extends PostgresApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@LocalServerPort
	int port;

	ApprovalFixture fixture;

	Person ivan;

	Person alice;

	Person bob;

	String type;

	@BeforeEach
	void people() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		this.ivan = this.fixture.person("ivan", "operator");
		this.alice = this.fixture.person("alice", "approver");
		this.bob = this.fixture.person("bob", "approver");
		this.type = ApprovalFixture.actionType("rotate");
		ApprovalFixture.policy(this.book, this.transaction, this.type, "2 of approver");
	}

	@Test
	void gateRunsTheCodeOnlyAfterTwoApprovalsAndReportsItsResult() throws Exception {
		CountersignClient client = client(this.ivan);
		AtomicBoolean ran = new AtomicBoolean();

		CompletableFuture<String> gated = CompletableFuture.supplyAsync(() -> {
			try {
				return client.gate(this.type, Map.of("secret", "db-primary"),
						"Quarterly rotation of the primary database secret", (approved) -> {
							ran.set(true);
							return "version-7 of " + approved.actionType();
						});
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});

		String id = awaitOpenedRequest();
		assertThat(ran).as("not run while under review").isFalse();
		approve(this.alice, id);
		// one approval of two: still under review, still not run
		Thread.sleep(500);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(ran).as("not run after one approval").isFalse();
		assertThat(gated).isNotDone();
		approve(this.bob, id);

		assertThat(gated.get(30, TimeUnit.SECONDS)).isEqualTo("version-7 of " + this.type);
		assertThat(ran).isTrue();
		JsonNode executed = this.fixture.read(id);
		assertThat(executed.get("state").asString()).isEqualTo("EXECUTED");
		assertThat(executed.get("execution").get("claimedBy").asString()).isEqualTo(this.ivan.name());
		assertThat(executed.get("execution").get("result").asString()).isEqualTo("version-7 of " + this.type);
	}

	@Test
	void anExceptionThrownByTheGatedCodeIsRecordedAsExecutionFailedAndRethrown() throws Exception {
		CountersignClient client = client(this.ivan);
		class VaultSealed extends Exception {

			VaultSealed() {
				super("vault is sealed");
			}

		}
		CompletableFuture<Throwable> gated = CompletableFuture.supplyAsync(() -> {
			try {
				client.gate(this.type, Map.of("secret", "db-primary"), "Quarterly rotation of the primary secret",
						(approved) -> {
							throw new VaultSealed();
						});
				return null;
			}
			catch (VaultSealed | InterruptedException ex) {
				return ex;
			}
		});
		String id = awaitOpenedRequest();
		approve(this.alice, id);
		approve(this.bob, id);

		assertThat(gated.get(30, TimeUnit.SECONDS)).isInstanceOf(VaultSealed.class).hasMessage("vault is sealed");
		JsonNode failed = this.fixture.read(id);
		assertThat(failed.get("state").asString()).isEqualTo("FAILED");
		assertThat(failed.get("execution").get("result").get("message").asString()).isEqualTo("vault is sealed");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.fixture.eventTypes(id))
				.filteredOn((event) -> event.startsWith("ACTION_EXECUTION_"))
				.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_FAILED"));
	}

	@Test
	void awaitDecisionSeesARejectionAndGateNeverRunsARejectedAction() throws Exception {
		CountersignClient client = client(this.ivan);
		ApprovalRequest opened = client.requestApproval(this.type, Map.of("secret", "db-primary"),
				"Quarterly rotation of the primary database secret");
		assertThat(opened.state()).isEqualTo(ApprovalState.UNDER_REVIEW);
		assertThatExceptionOfType(DecisionTimeoutException.class)
			.isThrownBy(() -> client.awaitDecision(opened.id(), Duration.ofMillis(300)));
		HttpResponse<String> rejected = this.fixture.decide(this.alice, opened.id(), Verdict.REJECT, "Not this week");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
		// with two approvers and one rejecting, "2 of approver" cannot be met any more
		Decision decision = client.awaitDecision(opened.id(), Duration.ofSeconds(30));
		assertThat(decision.state()).isEqualTo(ApprovalState.REJECTED);
		assertThat(decision.approved()).isFalse();

		AtomicBoolean ran = new AtomicBoolean();
		CompletableFuture<Throwable> gated = CompletableFuture.supplyAsync(() -> {
			try {
				client.gate(this.type, Map.of("secret", "db-primary"), "Quarterly rotation, second try",
						(approved) -> ran.getAndSet(true));
				return null;
			}
			catch (RuntimeException | InterruptedException ex) {
				return ex;
			}
		});
		String second = awaitOpenedRequest(opened.id());
		this.fixture.decide(this.bob, second, Verdict.REJECT, "Still not this week");
		assertThat(gated.get(30, TimeUnit.SECONDS)).isInstanceOf(ApprovalDeniedException.class);
		assertThat(ran).isFalse();
	}

	@Test
	void refusalsCarryTheServersErrorCode() {
		CountersignClient client = client(this.ivan);
		assertThatExceptionOfType(CountersignApiException.class)
			.isThrownBy(() -> client.requestApproval("no.such.action", Map.of(), "Nothing governs this action type"))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("ERR_UNKNOWN_ACTION_TYPE");
				assertThat(ex.status()).isEqualTo(404);
			});
		ApprovalRequest opened = client.requestApproval(this.type, Map.of("n", 1), "Quarterly rotation of a secret");
		assertThatExceptionOfType(CountersignApiException.class).isThrownBy(() -> client.claimExecution(opened.id()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("ERR_QUORUM_NOT_MET"));
	}

	/** The README's example, compiled here so that it keeps compiling. */
	@Test
	void theReadmeExampleRunsTheActionOnceApproved() throws Exception {
		String baseUrl = "http://127.0.0.1:" + this.port;
		String token = this.fixture.token(this.ivan.name());
		String actionType = this.type;
		CompletableFuture<String> example = CompletableFuture.supplyAsync(() -> {
			try {
				// --- README "Java client" begins
				CountersignClient countersign = CountersignClient.builder()
					.baseUrl(baseUrl)
					.token(token)
					.pollInterval(Duration.ofMillis(200))
					.build();
				String rotated = countersign.gate(actionType, Map.of("secret", "db-primary", "graceSeconds", 300),
						"Quarterly rotation of the primary database secret",
						(approved) -> "rotated under request " + approved.id());
				// --- README "Java client" ends
				return rotated;
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		String id = awaitOpenedRequest();
		approve(this.alice, id);
		approve(this.bob, id);
		assertThat(example.get(30, TimeUnit.SECONDS)).isEqualTo("rotated under request " + id);
	}

	private CountersignClient client(Person person) {
		return CountersignClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.token(this.fixture.token(person.name()))
			.pollInterval(Duration.ofMillis(100))
			.decisionTimeout(Duration.ofSeconds(60))
			.build();
	}

	private void approve(Person approver, String id) {
		HttpResponse<String> approved = this.fixture.decide(approver, id, Verdict.APPROVE, "Looks right");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
	}

	// the newest request of the test's action type that is not one of {@code except}
	private String awaitOpenedRequest(String... except) {
		List<String> skip = List.of(except);
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode page = io.countersign.server.testing.ApiClient
				.json(this.ivan.api().get("/api/v1/approvals?initiatedBy=me&state=UNDER_REVIEW"));
			for (JsonNode item : page.get("items")) {
				String id = item.get("id").asString();
				if (item.get("actionType").asString().equals(this.type) && !skip.contains(id)) {
					return id;
				}
			}
			return null;
		}, (found) -> found != null);
	}

}
