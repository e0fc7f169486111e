package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.OfflineVerification.Outcome;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence package on the embedded H2: an executed request's package verifies offline
 * with the ledger jar.
 */
class H2ApprovalEvidenceTest extends H2ApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@TempDir
	Path dir;

	@Test
	void anExecutedRequestsEvidenceVerifiesOffline() throws Exception {
		ApprovalFixture fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		String type = ApprovalFixture.actionType("schema");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of approver");
		Person ivan = fixture.person("ivan", "operator");
		Person alice = fixture.person("alice", "approver");
		Person bob = fixture.person("bob", "approver");
		String id = fixture.open(ivan, type, "{\"migration\":\"V42\"}").get("id").asString();
		assertThat(fixture.decide(alice, id, Verdict.APPROVE, "Reviewed the SQL").statusCode()).isEqualTo(201);
		assertThat(fixture.decide(bob, id, Verdict.APPROVE, "Backups verified").statusCode()).isEqualTo(201);
		assertThat(ivan.api().post("/api/v1/approvals/" + id + "/execution", "application/json", "").statusCode())
			.isEqualTo(201);
		assertThat(ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution", "{\"outcome\":\"succeeded\",\"result\":\"applied\"}")
			.statusCode()).isEqualTo(200);

		HttpResponse<byte[]> download = alice.api().getBytes("/api/v1/approvals/" + id + "/evidence");

		assertThat(download.statusCode()).as(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		Path evidence = Files.write(this.dir.resolve("evidence.zip"), download.body());
		String key = fixture.admin().get("/api/v1/ledger/key").body().strip();
		Outcome outcome = OfflineVerification.verify(evidence, key);
		assertThat(outcome.exit()).as(outcome.line()).isZero();
		assertThat(outcome.line()).startsWith("INTACT: approval request " + id + " (" + type
				+ "), state EXECUTED: 1 revision(s), 2 signed decision(s), 5 events");
	}

}
