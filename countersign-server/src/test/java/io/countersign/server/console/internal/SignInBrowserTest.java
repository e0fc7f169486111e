package io.countersign.server.console.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.TestUsers;
import org.junit.jupiter.api.Test;
import io.countersign.server.testing.ApiClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

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
	void anAccountWhoseRoleRequiresTotpSignsInWithTheCode() {
		Account admin = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "admin");
		ApiClient withToken = this.api.withToken(this.users.token(admin));
		HttpResponse<String> enrollment = withToken.post("/api/v1/me/totp", "application/json", "");
		assertThat(enrollment.statusCode()).as(enrollment.body()).isEqualTo(200);
		byte[] secret = base32(ApiClient.json(enrollment).get("secret").asString());
		long step = Instant.now().getEpochSecond() / 30;
		HttpResponse<String> confirmed = withToken.post("/api/v1/me/totp/confirm", "application/json",
				"{\"code\":\"" + totp(secret, step) + "\"}");
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);

		open("/ui/sign-in");
		browser().findElement(By.id("username")).sendKeys(admin.username());
		browser().findElement(By.id("password")).sendKeys(PASSWORD);
		browser().findElement(By.id("sign-in-button")).click();
		WebElement code = waitForVisible(By.id("totp"));
		assertThat(browser().getCurrentUrl()).contains("/ui/sign-in");
		screenshots("sign-in-totp");
		// the next time step's code: the one just used to confirm is not accepted twice
		code.sendKeys(totp(secret, step + 1));
		browser().findElement(By.id("sign-in-button")).click();

		waitUntil((page) -> page.getCurrentUrl().endsWith("/ui/ledger"));
		assertThat(browser().findElements(By.cssSelector("header nav a"))).extracting((link) -> link.getText())
			.containsExactly("Audit", "Approvals", "Alerts", "Ledger", "Compliance", "Admin");
	}

	/** RFC 6238 with HMAC-SHA1 and 6 digits, as authenticator apps compute it. */
	static String totp(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] base32(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
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
			.containsExactly("Audit", "Approvals", "Alerts", "Ledger", "Compliance");

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
