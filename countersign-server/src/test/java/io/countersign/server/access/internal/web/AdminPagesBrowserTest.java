package io.countersign.server.access.internal.web;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.console.internal.ConsoleBrowserTest;
import io.countersign.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages in a real browser: an administrator creates an account, grants
 * it a role until a date, issues it an API token that is shown once and works, and
 * revokes it; someone without the permission is refused by the server even when the form
 * is forced.
 */
class AdminPagesBrowserTest extends ConsoleBrowserTest {

	@Test
	void anAdministratorCreatesAnAccountGrantsARoleAndIssuesATokenShownOnce() {
		Account root = this.users.user(TestUsers.uniqueName("root"), PASSWORD, "admin");
		ApiClient admin = this.api.withToken(this.users.token(root));
		String role = TestUsers.uniqueName("accounts").replace('_', '-').substring(0, 20);
		HttpResponse<String> created = admin.post("/api/v1/roles", "application/json", "{\"name\":\"" + role
				+ "\",\"description\":\"console administrators without TOTP, for the test\",\"permissions\":"
				+ "{\"users:read\":\"all\",\"users:manage\":\"all\",\"tokens:manage\":\"all\",\"roles:read\":\"all\","
				+ "\"roles:manage\":\"all\",\"approvals:read\":\"all\",\"events:read\":\"all\",\"events:append\":\"all\","
				+ "\"approvals:request\":\"all\",\"ledger:read\":\"all\",\"exports:create\":\"all\"}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Account manager = this.users.user(TestUsers.uniqueName("manager"), PASSWORD, role);
		String newcomer = TestUsers.uniqueName("carol");

		signIn(manager.username(), PASSWORD);
		open("/ui/admin");
		browser().findElement(By.id("admin-accounts")).click();
		waitForVisible(By.id("create-account"));
		browser().findElement(By.id("username")).sendKeys(newcomer);
		browser().findElement(By.id("displayName")).sendKeys("Carol <b id=\"bold\">Bold</b>");
		browser().findElement(By.id("password")).sendKeys("a long enough password for carol");
		browser().findElement(By.id("role-operator")).click();
		screenshots("admin-accounts");
		browser().findElement(By.id("create")).click();
		done("done=created");
		assertThat(browser().findElement(By.tagName("h1")).getText()).isEqualTo(newcomer);
		assertThat(browser().findElements(By.id("bold"))).isEmpty();
		assertThat(browser().findElement(By.id("grants")).getText()).contains("operator");

		// a role for a limited time
		browser().findElement(By.id("grant-role")).sendKeys("viewer");
		((JavascriptExecutor) browser())
			.executeScript("document.getElementById('grant-expires').value = '2099-01-31T18:00';");
		browser().findElement(By.id("grant")).click();
		done("done=granted");
		JsonNode roles = ApiClient.json(admin.get("/api/v1/users/" + newcomer + "/roles")).get("items");
		assertThat(roles.toString()).contains("viewer").contains("2099-01-31T18:00:00Z");

		// a token, shown once
		browser().findElement(By.id("token-name")).sendKeys("laptop");
		browser().findElement(By.id("issue")).click();
		String token = waitForVisible(By.id("token-value")).getAttribute("value");
		assertThat(token).startsWith("cs_");
		assertThat(browser().findElement(By.cssSelector("#tokens td[data-label='Last used']")).getText())
			.isEqualTo("never");
		screenshots("admin-account");
		HttpResponse<String> me = this.api.withToken(token).get("/api/v1/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(me).get("username").asString()).isEqualTo(newcomer);
		open("/ui/admin/accounts/" + newcomer);
		assertThat(browser().findElements(By.id("token-value"))).isEmpty();
		assertThat(browser().getPageSource()).doesNotContain(token);
		assertThat(browser().findElements(By.cssSelector("#tokens td[data-label='Last used'] time"))).hasSize(1);

		// revoked: the token stops working
		browser().findElement(By.cssSelector("#tokens button")).click();
		done("done=token-revoked");
		assertThat(this.api.withToken(token).get("/api/v1/me").statusCode()).isEqualTo(401);

		// archived: the account is kept, inactive
		browser().findElement(By.id("archive")).click();
		done("done=archived");
		assertThat(browser().findElement(By.id("account-status")).getText()).isEqualTo("archived");

		open("/ui/admin/roles");
		assertThat(browser().findElement(By.id("roles")).getText()).contains(role).contains("users:manage");
		open("/ui/admin/policies");
		screenshots("admin-policies");
	}

	@Test
	void withoutThePermissionTheServerRefusesAFormForcedPastThePage() {
		Account operator = this.users.user(TestUsers.uniqueName("op"), PASSWORD, "operator");
		String victim = TestUsers.uniqueName("victim");

		signIn(operator.username(), PASSWORD);
		open("/ui/approvals");
		((JavascriptExecutor) browser()).executeScript("""
				var form = document.createElement('form');
				form.method = 'post';
				form.action = '/ui/admin/accounts';
				[['_csrf', document.querySelector('meta[name="csrf-token"]').content], ['username', arguments[0]],
				 ['kind', 'user'], ['roles', 'admin']].forEach(function (field) {
					var input = document.createElement('input');
					input.type = 'hidden'; input.name = field[0]; input.value = field[1];
					form.appendChild(input);
				});
				document.body.appendChild(form);
				form.submit();
				""", victim);
		waitUntil((page) -> page.getPageSource().contains("ERR_PERMISSION_DENIED"));
		assertThat(browser().getPageSource()).contains("users:manage");
		assertThat(this.api.withToken(this.users.token(this.users.user(TestUsers.uniqueName("a"), PASSWORD, "admin")))
			.get("/api/v1/users/" + victim)
			.statusCode()).isEqualTo(404);
	}

	/**
	 * Waits for the page after a form; fails with the page's refusal if it was refused.
	 */
	private void done(String done) {
		waitUntil((page) -> page.getCurrentUrl().contains(done) || !page.findElements(By.id("error")).isEmpty());
		assertThat(browser().getCurrentUrl()).as(() -> browser().findElement(By.tagName("main")).getText())
			.contains(done);
	}

}
