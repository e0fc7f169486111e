package io.countersign.server.console.internal;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.TestUsers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out of the console in a real browser. */
class SignInBrowserTest extends ConsoleBrowserTest {

	@Test
	void aConsolePageSendsTheBrowserToSignInAndBackAfterwards() {
		Account person = this.users.user(TestUsers.uniqueName("nobody"), PASSWORD);

		open("/ui/home?x=1");
		waitUntil((page) -> page.getCurrentUrl().contains("/ui/sign-in"));
		assertThat(browser().getCurrentUrl()).contains("next=%2Fui%2Fhome%3Fx%3D1");
		screenshots("sign-in");
		browser().findElement(By.id("username")).sendKeys(person.username());
		browser().findElement(By.id("password")).sendKeys(PASSWORD);
		browser().findElement(By.id("sign-in-button")).click();

		waitUntil((page) -> page.getCurrentUrl().endsWith("/ui/home?x=1"));
		assertThat(browser().findElement(By.cssSelector(".who .user")).getText()).isEqualTo(person.username());
		// no role: no links
		assertThat(browser().findElements(By.cssSelector("header nav a"))).isEmpty();
	}

	@Test
	void aWrongPasswordIsRefusedOnThePage() {
		Account person = this.users.user(TestUsers.uniqueName("nobody"), PASSWORD);

		open("/ui/sign-in");
		browser().findElement(By.id("username")).sendKeys(person.username());
		browser().findElement(By.id("password")).sendKeys("not the password");
		browser().findElement(By.id("sign-in-button")).click();

		String error = waitUntil((page) -> {
			String text = page.findElement(By.id("sign-in-error")).getText();
			return text.isEmpty() ? null : text;
		});
		assertThat(error).isNotBlank();
		assertThat(browser().getCurrentUrl()).contains("/ui/sign-in");
	}

	@Test
	void theLandingPageFollowsTheRolesAndSignOutEndsTheSession() {
		Account auditor = this.users.user(TestUsers.uniqueName("auditor"), PASSWORD, "auditor");

		signIn(auditor.username(), PASSWORD);
		assertThat(browser().getCurrentUrl()).endsWith("/ui/audit");
		assertThat(browser().findElements(By.cssSelector("header nav a"))).extracting((link) -> link.getText())
			.containsExactly("Audit", "Approvals", "Ledger");

		browser().findElement(By.id("sign-out")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("/ui/sign-in"));
		open("/ui/home");
		waitUntil((page) -> page.getCurrentUrl().contains("/ui/sign-in"));
	}

	@Test
	void consolePagesCarryAContentSecurityPolicyWithoutInlineScripts() {
		HttpResponse<String> page = this.api.get("/ui/sign-in");

		assertThat(page.statusCode()).isEqualTo(200);
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
		assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
		assertThat(page.body()).doesNotContain("style=");
	}

	@Test
	void withoutASessionAnApiRequestStillGetsA401Problem() {
		assertThat(this.api.get("/api/v1/me").statusCode()).isEqualTo(401);
		assertThat(this.api.get("/ui/audit").statusCode()).isEqualTo(302);
	}

}
