package io.countersign.server.approval.internal.console;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.console.internal.ConsoleBrowserTest;
import io.countersign.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approvals pages in real browsers: one person requests, two others approve in
 * browsers of their own (separate Chromium profiles, so separate IndexedDB key stores)
 * with keys generated and kept there, and the initiator executes; the initiator is
 * offered no decision and a decision forced past the page is refused with the server's
 * message.
 */
class ApprovalPagesBrowserTest extends ConsoleBrowserTest {

	@Autowired
	PolicyBook policies;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aRequestIsOpenedApprovedWithBrowserHeldKeysByTwoOthersAndExecuted() throws Exception {
		String actionType = ApprovalFixture.actionType("secret.rotate");
		ApprovalFixture.policy(this.policies, this.transaction, actionType, "2 of approver");
		// an initiator who is an approver too: only four-eyes keeps them from deciding
		Account ivan = this.users.user(TestUsers.uniqueName("ivan"), PASSWORD, "operator", "approver");
		Account alice = this.users.user(TestUsers.uniqueName("alice"), PASSWORD, "approver");
		Account bob = this.users.user(TestUsers.uniqueName("bob"), PASSWORD, "approver");
		ApiClient admin = this.api
			.withToken(this.users.token(this.users.user(TestUsers.uniqueName("adm"), PASSWORD, "admin")));

		// the initiator opens the request from the form built from the policy
		signIn(ivan.username(), PASSWORD);
		open("/ui/approvals/new?actionType=" + actionType);
		assertThat(browser().findElement(By.id("policy")).getText()).contains("2 of approver").contains("20");
		WebElement parameters = browser().findElement(By.id("parameters"));
		parameters.clear();
		parameters.sendKeys("{\"secret\": \"db-primary\", \"graceSeconds\": 300}");
		browser().findElement(By.id("diff")).sendKeys("- old\n+ new");
		String markup = "Quarterly rotation <script>document.title='owned'</script><b id=\"bold\">now</b>";
		browser().findElement(By.id("justification")).sendKeys(markup);
		browser().findElement(By.id("submit-request")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=opened"));
		String id = browser().findElement(By.id("request-id")).getText();

		// everything the person typed is shown as text, never as markup
		assertThat(browser().findElement(By.id("justification")).getText()).isEqualTo(markup);
		assertThat(browser().findElements(By.id("bold"))).isEmpty();
		assertThat(browser().getTitle()).doesNotContain("owned");

		// the initiator is offered no decision
		assertThat(browser().findElements(By.id("approve"))).isEmpty();
		assertThat(browser().findElement(By.id("decide-blocked")).getText()).contains("You initiated this request");

		// a decision forced past the page (a form the page never offered) is refused with
		// the server's message; nothing is recorded
		((JavascriptExecutor) browser()).executeScript("""
				var csrf = document.querySelector('#cancel-form input[name="_csrf"]').value;
				var form = document.createElement('form');
				form.method = 'post';
				form.action = '/ui/approvals/' + arguments[0] + '/decision';
				[['_csrf', csrf], ['decision', 'approve'], ['reason', 'I approve my own'], ['keyId', 'x'],
				 ['signature', 'AAAA']].forEach(function (field) {
					var input = document.createElement('input');
					input.type = 'hidden'; input.name = field[0]; input.value = field[1];
					form.appendChild(input);
				});
				document.body.appendChild(form);
				form.submit();
				""", id);
		String refusal = waitUntil((page) -> page.findElements(By.id("error")).isEmpty() ? null
				: page.findElement(By.id("error")).getText());
		assertThat(refusal).contains("You initiated this request; someone else must decide on it.")
			.contains("ERR_SOLE_APPROVER");
		assertThat(admin.get("/api/v1/approvals/" + id).body()).contains("\"decisions\":[]");

		// amend: a new revision, which the approvers then sign
		open("/ui/approvals/" + id);
		browser().findElement(By.id("amend")).click();
		WebElement justification = waitForVisible(By.id("justification"));
		justification.clear();
		justification.sendKeys("Quarterly rotation of the primary database secret");
		browser().findElement(By.id("submit-revision")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=amended"));
		assertThat(browser().findElement(By.id("revision")).getText()).isEqualTo("2");

		try (Chromium aliceBrowser = new Chromium(url("")); Chromium bobBrowser = new Chromium(url(""))) {
			// the request waits for each approver
			aliceBrowser.signIn(alice.username(), PASSWORD);
			aliceBrowser.open("/ui/approvals?tab=waiting");
			assertThat(aliceBrowser.driver().findElement(By.id("requests")).getText()).contains(actionType)
				.contains(ivan.username());
			approve(aliceBrowser, id, "Rotation window agreed with on-call");
			assertThat(aliceBrowser.driver().findElement(By.id("approved-by")).getText()).isEqualTo(alice.username());
			assertThat(aliceBrowser.driver().findElement(By.id("state")).getText()).isEqualTo("UNDER_REVIEW");

			bobBrowser.signIn(bob.username(), PASSWORD);
			approve(bobBrowser, id, "Looks right");
			assertThat(bobBrowser.driver().findElement(By.id("state")).getText()).isEqualTo("APPROVED");

			// each browser registered its own public key; the private keys never left
			// them
			for (Account approver : List.of(alice, bob)) {
				JsonNode keys = ApiClient.json(this.api.withToken(this.users.token(approver)).get("/api/v1/me/keys"))
					.get("items");
				assertThat(keys).hasSize(1);
				assertThat(keys.get(0).get("publicKey").asString()).startsWith("-----BEGIN PUBLIC KEY-----");
			}
		}

		// the initiator claims the execution and reports its outcome
		open("/ui/approvals/" + id);
		browser().findElement(By.id("claim")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=claimed"));
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("EXECUTING");
		browser().findElement(By.id("result")).sendKeys("rotated; old secret kept 300 s");
		browser().findElement(By.id("report")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=reported"));
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("EXECUTED");
		assertThat(browser().findElement(By.id("history")).getText()).contains("ACTION_QUEUED")
			.contains("ACTION_REVISED")
			.contains("ACTION_APPROVED")
			.contains("ACTION_EXECUTION_SUCCEEDED");
		screenshots("approval-request");

		JsonNode request = ApiClient.json(admin.get("/api/v1/approvals/" + id));
		assertThat(request.get("state").asString()).isEqualTo("EXECUTED");
		assertThat(request.get("revision").asInt()).isEqualTo(2);
		assertThat(request.get("decisions")).hasSize(2);

		open("/ui/approvals?tab=mine");
		assertThat(browser().findElement(By.id("requests")).getText()).contains(actionType).contains("EXECUTED");
		screenshots("approvals-list");
	}

	@Test
	void aRejectionIsSignedToo() throws Exception {
		String actionType = ApprovalFixture.actionType("db.drop");
		ApprovalFixture.policy(this.policies, this.transaction, actionType, "1 of approver", "approver");
		Account ivan = this.users.user(TestUsers.uniqueName("ivan"), PASSWORD, "operator");
		Account alice = this.users.user(TestUsers.uniqueName("alice"), PASSWORD, "approver");
		ApiClient ivanApi = this.api.withToken(this.users.token(ivan));
		HttpResponse<String> opened = ivanApi
			.post("/api/v1/approvals", "application/json", "{\"actionType\":\"" + actionType
					+ "\",\"parameters\":{\"db\":\"reports\"},\"justification\":\"Drop the old reports database\"}");
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		String id = ApiClient.json(opened).get("id").asString();

		try (Chromium aliceBrowser = new Chromium(url(""))) {
			aliceBrowser.signIn(alice.username(), PASSWORD);
			aliceBrowser.open("/ui/approvals/" + id);
			aliceBrowser.driver().findElement(By.id("reason")).sendKeys("Still read by finance");
			aliceBrowser.driver().findElement(By.id("reject")).click();
			new WebDriverWait(aliceBrowser.driver(), Duration.ofSeconds(30))
				.until((page) -> page.getCurrentUrl().contains("done=decided"));
			assertThat(aliceBrowser.driver().findElement(By.id("state")).getText()).isEqualTo("REJECTED");
			assertThat(aliceBrowser.driver().findElement(By.id("quorum-status")).getText()).contains("Vetoed by")
				.contains(alice.username());
		}
	}

	private static void approve(Chromium browser, String id, String reason) {
		WebDriver driver = browser.driver();
		browser.open("/ui/approvals/" + id);
		driver.findElement(By.id("reason")).sendKeys(reason);
		driver.findElement(By.id("approve")).click();
		// generating and registering the key, then signing, happen in the page first;
		// read
		// in one script, since the page is replaced when the form is sent
		new WebDriverWait(driver, Duration.ofSeconds(30))
			.until((page) -> (Boolean) ((JavascriptExecutor) page).executeScript("""
					var status = document.getElementById('signing-status');
					return location.href.indexOf('done=decided') >= 0
						|| (status !== null && status.textContent.indexOf('Not signed') === 0);
					"""));
		assertThat(driver.getCurrentUrl()).as(() -> driver.findElement(By.tagName("main")).getText())
			.contains("done=decided");
	}

}
