package io.countersign.server.approval.internal.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One more person's browser: its own headless Chromium with its own profile directory, so
 * its cookies and its IndexedDB (where the approver's key lives) are its own, as on
 * another person's computer.
 */
final class Chromium implements AutoCloseable {

	private final Path profile;

	private final WebDriver driver;

	private final String base;

	Chromium(String base) {
		this.base = base;
		try {
			this.profile = Files.createTempDirectory("countersign-approvals-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(System.getProperty("countersign.chromium", "/usr/bin/chromium"));
		options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--window-size=1280,800"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(
					Path.of(System.getProperty("countersign.chromedriver", "/usr/bin/chromedriver")).toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(new Dimension(1280, 800));
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	WebDriver driver() {
		return this.driver;
	}

	void open(String path) {
		this.driver.get(this.base + path);
	}

	void signIn(String username, String password) {
		open("/ui/sign-in");
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.id("sign-in-button")).click();
		new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until((page) -> !page.getCurrentUrl().contains("/ui/sign-in"));
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
