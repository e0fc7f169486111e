package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.detail;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL: an access change that would leave a policy's quorum unreachable is
 * refused whole (ERR_QUORUM_UNREACHABLE naming the policy and the term), attacked in each
 * way a person can lose the power to decide.
 */
class AccessReachabilityTest extends PostgresApplicationTest {

	@Test
	void takingTheLastEligibleApproverAwayIsRefusedEveryWay() {
		PolicyApi policies = PolicyApi.of(this.api);
		ApiClient admin = policies.admin();
		policies.createUser("amy", "approver");
		policies.createUser("ben", "approver");
		policies.createUser("cid", "viewer");
		assertThat(propose(admin, policy("secret.rotate", "2 of approver") + "}").statusCode()).isEqualTo(201);

		HttpResponse<String> revoke = admin.send("DELETE", "/api/v1/users/ben/roles/approver");
		assertUnreachable(revoke);
		HttpResponse<String> archive = admin.post("/api/v1/users/amy/archive", "application/json", "");
		assertUnreachable(archive);
		HttpResponse<String> permission = admin.send("DELETE", "/api/v1/roles/approver/permissions/approvals:decide");
		assertUnreachable(permission);

		// nothing of the refused changes happened
		assertThat(ApiClient.json(admin.get("/api/v1/users/ben/roles")).toString()).contains("approver");
		assertThat(ApiClient.json(admin.get("/api/v1/users/amy")).get("status").asString()).isEqualTo("active");
		assertThat(ApiClient.json(admin.get("/api/v1/roles/approver")).get("permissions").has("approvals:decide"))
			.isTrue();
		assertThat(policies.events("authz_change", "ben")).hasSize(1);
		assertThat(policies.events("user_archived", "amy")).isEmpty();

		// changes that leave the quorum reachable pass: an unrelated permission, a
		// viewer,
		// and, once a third approver exists, one of the approvers
		assertThat(admin.send("DELETE", "/api/v1/roles/approver/permissions/events:read").statusCode()).isEqualTo(204);
		assertThat(admin.post("/api/v1/users/cid/archive", "application/json", "").statusCode()).isEqualTo(200);
		policies.createUser("dora", "approver");
		assertThat(admin.send("DELETE", "/api/v1/users/ben/roles/approver").statusCode()).isEqualTo(204);
		assertUnreachable(admin.send("DELETE", "/api/v1/users/dora/roles/approver"));
	}

	@Test
	void deletingARoleAQuorumNamesIsRefused() {
		PolicyApi policies = PolicyApi.of(this.api);
		ApiClient admin = policies.admin();
		policies.createRole("dba", "approvals:decide");
		policies.createUser("erin", "dba");
		assertThat(propose(admin, policy("schema.migrate", "1 of dba") + "}").statusCode()).isEqualTo(201);

		HttpResponse<String> deleted = admin.send("DELETE", "/api/v1/roles/dba");

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(409);
		assertThat(code(deleted)).isEqualTo("ERR_QUORUM_UNREACHABLE");
		assertThat(detail(deleted)).contains("'schema.migrate'").contains("'1 of dba'");
		assertThat(admin.get("/api/v1/roles/dba").statusCode()).isEqualTo(200);
	}

	@Test
	void concurrentRevocationsCannotEachCountOnTheApproverTheOtherRemoves() throws Exception {
		PolicyApi policies = PolicyApi.of(this.api);
		ApiClient admin = policies.admin();
		policies.createRole("sre", "approvals:decide");
		List<String> people = List.of("sam", "sue", "syd", "sal", "sid", "sky", "sol", "stu", "sia", "sun");
		people.forEach((person) -> policies.createUser(person, "sre"));
		assertThat(propose(admin, policy("node.drain", "2 of sre") + "}").statusCode()).isEqualTo(201);

		// ten revocations at once: only eight may pass, or too few are left to approve
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(people.size());
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (String person : people) {
				answers.add(threads.submit(() -> {
					go.await();
					return admin.send("DELETE", "/api/v1/users/" + person + "/roles/sre").statusCode();
				}));
			}
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			assertThat(statuses).filteredOn((status) -> status == 204).hasSize(people.size() - 2);
			assertThat(statuses).filteredOn((status) -> status == 409).hasSize(2);
		}
		finally {
			threads.shutdownNow();
		}
		long holders = people.stream()
			.filter((person) -> ApiClient.json(admin.get("/api/v1/users/" + person + "/roles"))
				.toString()
				.contains("sre"))
			.count();
		assertThat(holders).isEqualTo(2);
	}

	private static void assertUnreachable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(code(response)).isEqualTo("ERR_QUORUM_UNREACHABLE");
		assertThat(detail(response)).contains("'secret.rotate'").contains("'2 of approver'");
	}

}
