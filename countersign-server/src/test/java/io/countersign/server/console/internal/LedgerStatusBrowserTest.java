package io.countersign.server.console.internal;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger status page in a real browser: the checkpoint's signature checked there, and
 * a full verification started with its progress and recorded result.
 */
class LedgerStatusBrowserTest extends ConsoleBrowserTest {

	@Test
	void theCheckpointVerifiesAndAFullVerificationRunsFromThePage() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> appended = admin.post("/api/v1/events", "application/json",
				"[{\"type\":\"document.read\",\"actor\":{\"id\":\"dana\",\"type\":\"user\"}},"
						+ "{\"type\":\"document.read\",\"actor\":{\"id\":\"erin\",\"type\":\"user\"}}]");
		assertThat(appended.statusCode()).isEqualTo(201);
		assertThat(admin.post("/api/v1/ledger/checkpoint", "application/json", "").statusCode()).isEqualTo(200);
		Account auditor = this.users.user(TestUsers.uniqueName("auditor"), PASSWORD, "auditor");

		signIn(auditor.username(), PASSWORD);
		open("/ui/ledger");
		WebElement checkpoint = waitUntil((page) -> {
			WebElement status = page.findElement(By.id("checkpoint-status"));
			return (status.getAttribute("data-verified") != null) ? status : null;
		});
		assertThat(checkpoint.getText()).isEqualTo("Verified");
		assertThat(browser().findElement(By.id("verifier-key")).getAttribute("value"))
			.isEqualTo(admin.get("/api/v1/ledger/key").body().strip());

		browser().findElement(By.id("start-verification")).click();
		String state = waitUntil((page) -> {
			String text = page.findElement(By.id("verification-state")).getText();
			return "running".equals(text) ? null : text;
		});
		assertThat(state).isEqualTo("intact");
		assertThat(browser().findElement(By.id("verification-by")).getText()).isEqualTo(auditor.username());
		assertThat(browser().findElement(By.id("verification-took")).getText()).isNotBlank();
		screenshots("ledger-status");

		// recorded: the page shows it after a reload as well
		open("/ui/ledger");
		assertThat(browser().findElement(By.id("verification-state")).getText()).isEqualTo("intact");
		assertThat(browser().findElement(By.id("verification-by")).getText()).isEqualTo(auditor.username());
	}

}
