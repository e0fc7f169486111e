package io.countersign.server.approval;

import java.time.Duration;

import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.ExecutorReceiver.Reply;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook execution on the embedded database: the same lease, start and record SQL runs
 * on H2 (an error answer retried, then an executed one recorded once).
 */
@TestPropertySource(properties = { "countersign.approvals.executor.poll-interval=PT0.1S",
		"countersign.approvals.executor.retry-first=PT0.2S", "countersign.approvals.executor.retry-ceiling=PT0.4S",
		"countersign.approvals.executor.timeout=PT2S", "countersign.approvals.executor.lease=PT5S" })
class H2ExecutorWebhookTest extends H2ApplicationTest {

	@Test
	void anExecutorAnsweringAnErrorFirstIsRetriedAndItsExecutionRecordedOnce() throws Exception {
		ApprovalFixture fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		Person ivan = fixture.person("ivan", "operator");
		Person alice = fixture.person("alice", "approver");
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, ExecutorWebhookTest.SECRET,
				(call) -> (call.json().get("attempt").equals(1L)) ? new Reply(503, "{}")
						: Reply.executed("{\"ok\":true}"))) {
			String type = ExecutorWebhookTest.webhookPolicy(fixture, receiver.url(), ExecutorWebhookTest.SECRET);
			String id = fixture.open(ivan, type, ExecutorWebhookTest.PARAMETERS).get("id").asString();
			ExecutorWebhookTest.approve(fixture, alice, id);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> "EXECUTED".equals(fixture.read(id).get("state").asString()));
			assertThat(receiver.callsWithKey(id + "/1")).hasSize(2)
				.allSatisfy((call) -> assertThat(call.signatureValid()).isTrue());
			JsonNode attempts = ExecutorWebhookTest.attempts(fixture.admin(), id);
			assertThat(attempts.get("items")).hasSize(2);
			assertThat(attempts.get("items").get(0).get("httpStatus").asInt()).isEqualTo(503);
			assertThat(attempts.get("items").get(0).get("outcome").asString()).isEqualTo("error");
			assertThat(attempts.get("items").get(1).get("outcome").asString()).isEqualTo("executed");
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(fixture.eventTypes(id))
					.filteredOn((event) -> event.startsWith("ACTION_EXECUTION_"))
					.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED"));
		}
	}

}
