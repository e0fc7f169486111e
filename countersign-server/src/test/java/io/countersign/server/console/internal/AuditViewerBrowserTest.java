package io.countersign.server.console.internal;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The audit log viewer in a real browser: filtering, keyset paging, the actor list,
 * exports, the in-browser inclusion proof (and its failure for an entry changed in the
 * database), and event fields holding markup shown as text.
 */
class AuditViewerBrowserTest extends ConsoleBrowserTest {

	static final String MARKUP = "<img src=x onerror=alert(1)>";

	/** alice's events: every third of 230. */
	static final int EVENTS = 230;

	// one ledger for the class (the database lives as long as the class)
	private static Account auditor;

	private static long tamperedIndex = -1;

	private static long intactIndex;

	@BeforeEach
	void ledgerWithEvents() throws Exception {
		if (tamperedIndex >= 0) {
			return;
		}
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		List<String> events = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			String actor = (i % 3 == 0) ? "alice" : "bob";
			events.add("{\"type\":\"document." + ((i % 2 == 0) ? "read" : "write") + "\",\"actor\":{\"id\":\"" + actor
					+ "\",\"type\":\"user\"},\"action\":\"open\",\"resource\":{\"type\":\"doc\",\"id\":\"d-" + i
					+ "\"}}");
		}
		events.add("{\"type\":\"document.read\",\"actor\":{\"id\":\"" + MARKUP.replace("\"", "\\\"")
				+ "\",\"type\":\"user\"},\"resource\":{\"type\":\"doc\",\"id\":\"<script>alert(2)</script>\"},"
				+ "\"outcome\":\"failure\",\"reason\":\"<b>bold</b>\"}");
		events.add("{\"type\":\"payment.approved\",\"actor\":{\"id\":\"carol\",\"type\":\"user\"},"
				+ "\"resource\":{\"type\":\"payment\",\"id\":\"amount-100\"}}");
		HttpResponse<String> appended = admin.post("/api/v1/events", "application/json",
				"[" + String.join(",", events) + "]");
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
		tamperedIndex = ApiClient.json(appended).get(EVENTS + 1).get("index").asLong();
		intactIndex = ApiClient.json(appended).get(5).get("index").asLong();
		HttpResponse<String> checkpoint = admin.post("/api/v1/ledger/checkpoint", "application/json", "");
		assertThat(checkpoint.statusCode()).as(checkpoint.body()).isEqualTo(200);
	}

	@Test
	void filterByActorAndPageThrough() {
		signInAsAuditor();
		open("/ui/audit");
		assertThat(rows()).hasSize(100);
		screenshots("audit-log");

		WebElement actor = browser().findElement(By.id("f-actor"));
		actor.sendKeys("al");
		// the actor list offers the known actors starting with what was typed
		waitUntil((page) -> !page.findElements(By.cssSelector("#actor-list option[value='alice']")).isEmpty());
		actor.sendKeys("ice");
		new org.openqa.selenium.support.ui.Select(browser().findElement(By.id("f-order"))).selectByValue("oldest");
		browser().findElement(By.id("apply-filter")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("actor=alice"));

		// alice has 77 of the 230 events: one page, oldest first
		List<WebElement> alice = rows();
		assertThat(alice).hasSize(77);
		assertThat(alice)
			.allSatisfy((row) -> assertThat(row.findElement(By.cssSelector(".actor")).getText()).isEqualTo("alice"));
		assertThat(browser().findElements(By.id("next-page"))).isEmpty();
		List<Long> indexes = alice.stream().map((row) -> Long.parseLong(row.getAttribute("data-index"))).toList();
		assertThat(indexes).isSorted();

		// bob's 153 events: two pages through the keyset cursor, no row twice
		open("/ui/audit?actor=bob");
		List<Long> first = rows().stream().map((row) -> Long.parseLong(row.getAttribute("data-index"))).toList();
		assertThat(first).hasSize(100);
		browser().findElement(By.id("next-page")).click();
		waitUntil((page) -> page.getCurrentUrl().contains("cursor="));
		List<Long> second = rows().stream().map((row) -> Long.parseLong(row.getAttribute("data-index"))).toList();
		assertThat(second).hasSize(53).doesNotContainAnyElementsOf(first);
		assertThat(first.get(first.size() - 1)).isGreaterThan(second.get(0));
		// the bookmarkable URL keeps the filter
		assertThat(browser().getCurrentUrl()).contains("actor=bob");
	}

	@Test
	void exportTheFilterAsCsv() {
		signInAsAuditor();
		open("/ui/audit?type=payment.approved");
		String href = browser().findElement(By.id("export-csv")).getAttribute("href");
		String csv = (String) ((JavascriptExecutor) browser())
			.executeAsyncScript(
					"var done = arguments[arguments.length - 1];"
							+ "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
					href);
		// (WebDriver hands strings back with plain newlines)
		String[] lines = csv.strip().split("\r?\n");
		assertThat(lines[0]).startsWith("\"index\",\"id\",\"ts\",\"type\",\"actor_id\"");
		assertThat(lines).hasSize(2);
		assertThat(lines[1]).contains("\"payment.approved\"", "\"carol\"", "\"payment\"");

		// the export is on the ledger, by the auditor, with its rows (what alert rule D6
		// counts)
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		String recorded = await().atMost(Duration.ofSeconds(30))
			.until(() -> admin
				.get("/api/v1/events?type=countersign_events_exported&actor=" + auditor.username() + "&limit=1")
				.body(), (body) -> body.contains("countersign_events_exported"));
		assertThat(recorded).contains("\"action\":\"export\"", "\"via\":\"console\"", "\"format\":\"csv\"",
				"\"rows\":1", "\"type\":\"payment.approved\"", "\"complete\":true", "\"credential\":\"session:");
	}

	@Test
	void anEntryIsVerifiedInTheBrowser() {
		signInAsAuditor();
		open("/ui/audit/entries/" + intactIndex);
		WebElement status = waitForVerdict();
		assertThat(status.getText()).isEqualTo("Verified");
		assertThat(browser().findElement(By.id("computed-leaf-hash")).getText())
			.isEqualTo(browser().findElement(By.id("stored-leaf-hash")).getText());
		screenshots("audit-entry");
	}

	@Test
	void anEntryChangedInTheDatabaseIsNotVerified() throws Exception {
		// a careful forger: the leaf, its column and its stored leaf hash all agree
		tamper(tamperedIndex, "amount-100", "amount-999");
		signInAsAuditor();
		open("/ui/audit/entries/" + tamperedIndex);
		WebElement status = waitForVerdict();
		assertThat(status.getText()).isEqualTo("Not verified");
		assertThat(browser().findElement(By.id("proof-reasons")).getText())
			.contains("does not lead to the signed root");
		assertThat(browser().findElement(By.id("event-json")).getText()).contains("amount-999");
		screenshots("audit-entry-tampered");
	}

	@Test
	void markupInEventFieldsStaysText() {
		signInAsAuditor();
		open("/ui/audit?outcome=failure&type=document.read");
		List<WebElement> rows = rows();
		assertThat(rows).isNotEmpty();
		WebElement row = rows.get(0);
		assertThat(row.findElement(By.cssSelector(".actor")).getText()).isEqualTo(MARKUP);
		assertThat(row.getText()).contains("<script>alert(2)</script>");
		assertThat(browser().findElements(By.cssSelector("#events img, #events script, #events b"))).isEmpty();
		assertThatThrownBy(() -> browser().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

		row.findElement(By.cssSelector("a")).click();
		waitForVerdict();
		assertThat(browser().findElement(By.id("event-json")).getText()).contains(MARKUP);
		assertThat(browser().findElements(By.cssSelector("main img, main script, main b"))).isEmpty();
		assertThatThrownBy(() -> browser().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
	}

	@Test
	void theActorListAnswersAPrefix() {
		signInAsAuditor();
		Object options = ((JavascriptExecutor) browser())
			.executeAsyncScript("var done = arguments[arguments.length - 1];"
					+ "fetch('/ui/audit/actors?actor=b', {credentials: 'same-origin'}).then(r => r.text()).then(done);");
		assertThat((String) options).contains("value=\"bob\"").doesNotContain("alice").doesNotContain("carol");
	}

	private void signInAsAuditor() {
		if (auditor == null) {
			auditor = this.users.user(TestUsers.uniqueName("auditor"), PASSWORD, "auditor");
		}
		signIn(auditor.username(), PASSWORD);
	}

	private WebElement waitForVerdict() {
		return waitUntil((page) -> {
			WebElement status = page.findElement(By.id("proof-status"));
			return (status.getAttribute("data-verified") != null) ? status : null;
		});
	}

	private List<WebElement> rows() {
		return browser().findElements(By.cssSelector("#events tbody tr"));
	}

	/**
	 * Rewrites entry {@code index} in the database, replacing {@code from} by {@code to}
	 * in its leaf and resource column and storing the new leaf's RFC 6962 hash.
	 */
	private static void tamper(long index, String from, String to) throws Exception {
		try (Connection connection = database().connect()) {
			connection.setAutoCommit(false);
			byte[] leaf;
			try (PreparedStatement read = connection.prepareStatement("SELECT leaf FROM ledger_entry WHERE idx = ?")) {
				read.setLong(1, index);
				try (ResultSet result = read.executeQuery()) {
					assertThat(result.next()).isTrue();
					leaf = result.getBytes(1);
				}
			}
			byte[] forged = new String(leaf, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update((byte) 0);
			byte[] hash = sha256.digest(forged);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL session_replication_role = replica");
			}
			try (PreparedStatement write = connection
				.prepareStatement("UPDATE ledger_entry SET leaf = ?, leaf_hash = ?, resource_id = ? WHERE idx = ?")) {
				write.setBytes(1, forged);
				write.setBytes(2, hash);
				write.setString(3, to);
				write.setLong(4, index);
				assertThat(write.executeUpdate()).isEqualTo(1);
			}
			connection.commit();
		}
	}

}
