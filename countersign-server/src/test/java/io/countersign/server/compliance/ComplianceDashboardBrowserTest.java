package io.countersign.server.compliance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.console.internal.ConsoleBrowserTest;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compliance dashboard in headless Chromium: frameworks with scores and the trend
 * chart, gaps first with remedy and docs link, a control's evidence linked into the audit
 * viewer, and an attestation with an evidence file made from the page.
 */
class ComplianceDashboardBrowserTest extends ConsoleBrowserTest {

	@Test
	void anOfficerSeesTheGapsFollowsTheEvidenceAndAttestsAControl() throws Exception {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		String role = TestUsers.uniqueName("compliance").replace('_', '-').substring(0, 20);
		HttpResponse<String> created = admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"" + role
						+ "\",\"description\":\"compliance officers without TOTP, for the test\",\"permissions\":"
						+ "{\"compliance:read\":\"all\",\"compliance:manage\":\"all\",\"events:read\":\"all\","
						+ "\"ledger:read\":\"all\"}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Account officer = this.users.user(TestUsers.uniqueName("officer"), PASSWORD, role);
		assertThat(admin
			.post("/api/v1/compliance/access-reviews", "application/json",
					"{\"note\":\"Quarterly review: all grants still needed\"}")
			.statusCode()).isEqualTo(201);
		assertThat(admin.post("/api/v1/compliance/checks", "application/json", "").statusCode()).isEqualTo(200);

		signIn(officer.username(), PASSWORD);
		open("/ui/compliance");
		assertThat(browser().findElements(By.cssSelector(".compliance-frameworks section.card"))).hasSize(3);
		assertThat(browser().findElements(By.cssSelector("#trend-soc2 polyline.line"))).hasSize(2);
		assertThat(browser().findElement(By.id("overall")).getText()).contains("of controls implemented");
		List<WebElement> gaps = browser().findElements(By.cssSelector("#gaps tbody tr"));
		assertThat(gaps).isNotEmpty();
		assertThat(gaps.get(0).getText()).contains("Not started").contains("docs/compliance.md#");
		assertThat(browser().findElement(By.id("gaps")).getText()).contains("Data at rest is encrypted")
			.doesNotContain("Role grants are reviewed");
		screenshots("compliance-dashboard");

		browser().findElement(By.cssSelector("#framework-soc2 h2 a")).click();
		waitForVisible(By.id("controls"));
		List<WebElement> rows = browser().findElements(By.cssSelector("#controls tbody tr"));
		assertThat(rows.get(0).getText()).contains("Not started");
		assertThat(rows.get(rows.size() - 1).getText()).contains("Implemented");

		// a check's evidence leads into the audit viewer
		open("/ui/compliance/frameworks/soc2/controls/soc2-cc6.3-access-review");
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("Implemented");
		assertThat(browser().findElement(By.id("check-access-review")).getText()).contains("PASSED")
			.contains("reviewedBy");
		browser().findElement(By.cssSelector("#check-access-review a.ledger-link")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("/ui/audit/entries/"));

		// attesting a manual control, with an evidence file
		open("/ui/compliance/frameworks/soc2/controls/soc2-a1.2-backups");
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("Not started");
		Path evidence = Files.createTempFile("restore-test-", ".txt");
		Files.writeString(evidence, "restore of 2026-11-30 completed in 14 min");
		new Select(browser().findElement(By.id("attest-state"))).selectByValue("IMPLEMENTED");
		browser().findElement(By.id("attest-note")).sendKeys("Nightly backups; restore tested 2026-11-30");
		browser().findElement(By.id("attest-owner")).sendKeys("Ops lead");
		browser().findElement(By.id("attest-files")).sendKeys(evidence.toString());
		browser().findElement(By.id("attest")).click();
		waitForVisible(By.id("notice"));
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("Implemented");
		assertThat(browser().findElement(By.id("evidence-files")).getText()).contains(evidence.getFileName().toString())
			.contains("SHA-256");
		assertThat(browser().findElement(By.id("attestation-entry")).getText()).startsWith("#");
		screenshots("compliance-control");
		Files.delete(evidence);

		// a reader sees no form
		Account auditor = this.users.user(TestUsers.uniqueName("auditor"), PASSWORD, "auditor");
		browser().manage().deleteAllCookies();
		signIn(auditor.username(), PASSWORD);
		open("/ui/compliance/frameworks/soc2/controls/soc2-a1.2-backups");
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("Implemented");
		assertThat(browser().findElements(By.id("attest-form"))).isEmpty();
		assertThat(browser().findElements(By.id("run-checks"))).isEmpty();
	}

}
