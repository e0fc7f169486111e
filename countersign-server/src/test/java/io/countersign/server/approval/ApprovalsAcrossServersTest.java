package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ExpiringRequests;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server instances on one PostgreSQL database: an approved request is executed once
 * however many claims arrive on either, and a due request expires once although both
 * instances' expiry jobs run.
 */
class ApprovalsAcrossServersTest {

	private static final String PARAMETERS = "{\"table\":\"sessions\",\"olderThanDays\":90}";

	static PostgresTestDatabase database;

	static RunningApplication first;

	static RunningApplication second;

	@BeforeAll
	static void twoServers() throws Exception {
		database = PostgresTestDatabase.create();
		first = start();
		second = start();
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { second, first, database }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void twentyConcurrentClaimsOnTwoServersExecuteTheRequestOnce() throws Exception {
		ApprovalFixture fixture = fixture();
		String type = policy("purge", "1 of approver", Duration.ofHours(1));
		Person ivan = fixture.person("ivan", "operator");
		Person alice = fixture.person("alice", "approver");
		String id = fixture.open(ivan, type, PARAMETERS).get("id").asString();
		HttpResponse<String> approved = fixture.decide(fixture.on(alice, second.port()), id, Verdict.APPROVE,
				"Retention says 90 days");
		assertThat(ApiClient.json(approved).get("state").asString()).isEqualTo("APPROVED");
		List<Person> claimants = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			claimants.add(fixture.on(ivan, ((i % 2) == 0) ? first.port() : second.port()));
		}

		List<HttpResponse<String>> answers = Race.all(claimants.size(),
				(i) -> claimants.get(i).api().post("/api/v1/approvals/" + id + "/execution", "application/json", ""));

		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 201).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 409)
			.hasSize(19)
			.allSatisfy((answer) -> assertThat(code(answer)).isEqualTo("ERR_INVALID_STATE_TRANSITION"));
		assertThat(fixture.eventTypes(id)).filteredOn((type2) -> type2.startsWith("ACTION_EXECUTION_"))
			.containsExactly("ACTION_EXECUTION_STARTED");
		assertThat(fixture.read(id).get("execution").get("claimedBy").asString()).isEqualTo(ivan.name());
	}

	@Test
	void aDueRequestExpiresOnceWhileBothServersExpireRequests() throws Exception {
		ApprovalFixture fixture = fixture();
		String type = policy("purge", "1 of approver", Duration.ofSeconds(1));
		Person ivan = fixture.person("ivan", "operator");
		Person alice = fixture.person("alice", "approver");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(fixture.open(ivan, type, PARAMETERS).get("id").asString());
		}

		// both instances' jobs run every 100 ms; wait for the ledger to show the expiry
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ids.stream().allMatch((id) -> fixture.eventTypes(id).contains("ACTION_EXPIRED")));
		// and a late run on both at once finds nothing left to expire
		List<Integer> late = Race.all(2,
				(i) -> ((i == 0) ? first : second).context().getBean(ExpiringRequests.class).expireDue());
		assertThat(late).containsOnly(0);

		for (String id : ids) {
			List<JsonNode> events = fixture.events(id);
			assertThat(events).filteredOn((event) -> event.get("type").asString().equals("ACTION_EXPIRED"))
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.get("actor").get("type").asString()).isEqualTo("system");
					assertThat(event.get("details").get("state").asString()).isEqualTo("EXPIRED");
				});
			assertThat(fixture.read(id).get("state").asString()).isEqualTo("EXPIRED");
		}
		HttpResponse<String> tooLate = fixture.decide(alice, ids.get(0), Verdict.APPROVE, "Sorry, late");
		assertThat(code(tooLate)).isEqualTo("ERR_INVALID_STATE_TRANSITION");
	}

	private static ApprovalFixture fixture() {
		return new ApprovalFixture(first.api().withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	private static String policy(String prefix, String quorum, Duration expiresIn) {
		String type = ApprovalFixture.actionType(prefix);
		ApprovalFixture.policy(first.context().getBean(PolicyBook.class),
				first.context().getBean(TransactionTemplate.class), type, quorum, expiresIn);
		return type;
	}

	private static RunningApplication start() throws Exception {
		return RunningApplication
			.start(Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username",
					database.username(), "spring.datasource.password", database.password(), "countersign.master-key",
					TestSecrets.MASTER_KEY, "countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN,
					"countersign.data-dir", Files.createTempDirectory("countersign-test-").toString(),
					"countersign.approvals.expiry-interval", "PT0.1S"));
	}

}
