package io.countersign.server.console.internal;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's own pages are refused as the API's endpoints are: a person without the
 * permission gets a 403 page, and the refusal is an {@code authz_fail} event on the
 * ledger, so probing the console shows up in the audit log (and to the alert rules that
 * count authorization failures).
 */
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
@Import(TestUsers.class)
class ConsolePageDenialTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private TestUsers users;

	@Test
	void startingAVerificationWithoutLedgerVerifyIsRefusedAndRecorded() {
		Account approver = this.users.user(TestUsers.uniqueName("approver"), PASSWORD, "approver");
		Browser browser = Browser.open(this.port);
		assertThat(browser.signIn(approver.username(), PASSWORD).statusCode()).isEqualTo(201);

		assertThat(browser.plain().get("/ui/ledger").statusCode()).isEqualTo(200);
		HttpResponse<String> refused = browser.withCsrf()
			.post("/ui/ledger/verifications", "application/x-www-form-urlencoded", "");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(refused.body()).contains("ledger:verify");
		JsonNode failures = Browser.events(browser.plain(), "authz_fail");
		assertThat(failures).anySatisfy((event) -> {
			assertThat(event.toString()).contains("\"" + approver.username() + "\"", "ledger:verify");
		});
	}

}
