package io.countersign.server.alert;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.console.internal.ConsoleBrowserTest;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alerts pages in a real browser: someone who handles alerts finds the alert a probe
 * raised, sees the entry it cites, and acknowledges and resolves it with reasons; an
 * auditor reads it but is offered neither.
 */
@Import(ProbeDetector.Configuration.class)
@TestPropertySource(properties = "countersign.alerts.poll-interval=50ms")
class AlertsBrowserTest extends ConsoleBrowserTest {

	@Test
	void aHandlerAcknowledgesAndResolvesAnAlertAndAnAuditorOnlyReadsIt() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		String actor = "mallory-" + System.nanoTime();
		HttpResponse<String> appended = admin.post("/api/v1/events", "application/json",
				"{\"type\":\"" + ProbeDetector.TYPE + "\",\"actor\":{\"id\":\"" + actor + "\",\"type\":\"user\"}}");
		long index = ApiClient.json(appended).get("index").asLong();
		String id = await().atMost(Duration.ofSeconds(60)).until(() -> alertOf(admin, actor), (found) -> found != null);
		Account auditor = this.users.user(TestUsers.uniqueName("auditor"), PASSWORD, "auditor");
		// a role for the people who handle alerts (admin itself needs TOTP to sign in)
		String role = TestUsers.uniqueName("alert-handler");
		HttpResponse<String> created = admin.post("/api/v1/roles", "application/json", "{\"name\":\"" + role
				+ "\",\"description\":\"Handles alerts\",\"permissions\":{\"alerts:read\":\"all\",\"alerts:manage\":\"all\"}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Account boss = this.users.user(TestUsers.uniqueName("boss"), PASSWORD, role);

		signIn(auditor.username(), PASSWORD);
		open("/ui/alerts");
		// the engine's position and lag (the probe's alert is raised, so it has read that
		// far)
		assertThat(browser().findElement(By.id("detection")).getText()).startsWith("Detection:")
			.contains("lease held by");
		browser().findElement(By.cssSelector("tr[data-alert='" + id + "'] a")).click();
		waitForVisible(By.id("evidence"));
		assertThat(browser().findElement(By.id("subject")).getText()).isEqualTo("actor:" + actor);
		assertThat(browser().findElement(By.id("evidence")).getText()).contains("Entry " + index);
		assertThat(browser().findElements(By.id("acknowledge-form"))).isEmpty();
		assertThat(browser().findElements(By.id("resolve-form"))).isEmpty();
		browser().manage().deleteAllCookies();

		signIn(boss.username(), PASSWORD);
		open("/ui/alerts/" + id);
		browser().findElement(By.id("acknowledge-reason")).sendKeys("Looking into it");
		browser().findElement(By.id("acknowledge")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=acknowledged"));
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("ACKNOWLEDGED");
		assertThat(browser().findElement(By.id("acknowledged")).getText()).contains("Looking into it");
		browser().findElement(By.id("resolve-reason")).sendKeys("A test probe, not an attack");
		browser().findElement(By.id("resolve")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("done=resolved"));
		assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("RESOLVED");
		assertThat(browser().findElements(By.id("resolve-form"))).isEmpty();
		screenshots("alert");

		JsonNode alert = ApiClient.json(admin.get("/api/v1/alerts/" + id));
		assertThat(alert.get("resolved").get("by").asString()).isEqualTo(boss.username());
		assertThat(alert.get("resolved").get("reason").asString()).isEqualTo("A test probe, not an attack");
	}

	private static String alertOf(ApiClient admin, String actor) {
		JsonNode page = ApiClient.json(admin.get("/api/v1/alerts?rule=" + ProbeDetector.RULE + "&limit=200"));
		for (JsonNode alert : page.get("items")) {
			if (alert.get("subject").asString().equals("actor:" + actor)) {
				return alert.get("id").asString();
			}
		}
		return null;
	}

}
