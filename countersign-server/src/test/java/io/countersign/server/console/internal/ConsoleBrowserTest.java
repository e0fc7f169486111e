package io.countersign.server.console.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the console's end-to-end tests: the whole application on a throwaway PostgreSQL
 * database and a random port, driven by Debian's headless Chromium through
 * {@code chromedriver} (both from the {@code chromium} and {@code chromium-driver}
 * packages; {@code .ci/run} installs them). One browser per test class, with a fresh
 * profile; cookies are cleared after each test. Plain HTTP on 127.0.0.1 is a secure
 * context, so WebCrypto works, but cookies must not be {@code Secure}.
 */
@Import(TestUsers.class)
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
public abstract class ConsoleBrowserTest extends PostgresApplicationTest {

	/** The desktop window of the quality bar. */
	protected static final Dimension DESKTOP = new Dimension(1280, 800);

	/** A phone's width (an iPhone 12–15 viewport). */
	protected static final Dimension PHONE = new Dimension(390, 844);

	protected static final String PASSWORD = "correct horse battery staple";

	private static WebDriver driver;

	private static Path profile;

	@LocalServerPort
	private int port;

	@Autowired
	protected TestUsers users;

	/** The browser, at the desktop size, shared by the tests of the class. */
	protected WebDriver browser() {
		if (driver == null) {
			// like the Go interoperability test: skipped without the browser, unless
			// CI=true
			boolean installed = Files.isExecutable(Path.of(chromium())) && Files.isExecutable(Path.of(chromedriver()));
			Assumptions.assumeTrue(installed || "true".equals(System.getenv("CI")),
					"no chromium/chromedriver (apt-get install chromium chromium-driver)");
			driver = startChromium();
		}
		return driver;
	}

	/** The absolute URL of a path on the server under test. */
	protected String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	protected void open(String path) {
		browser().get(url(path));
	}

	/** Signs in through the console's sign-in page and waits for the page it lands on. */
	protected void signIn(String username, String password) {
		open("/ui/sign-in");
		WebDriver browser = browser();
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.id("sign-in-button")).click();
		waitUntil((page) -> !page.getCurrentUrl().contains("/ui/sign-in"));
	}

	/** Waits (up to 15 s: the machine is shared) for {@code condition}. */
	protected <T> T waitUntil(Function<WebDriver, T> condition) {
		// htmx may swap an element between finding and reading it: look again
		return new WebDriverWait(browser(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	protected WebElement waitForVisible(By locator) {
		return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/**
	 * Saves the current page as {@code docs/screenshots/<name>-desktop.png} and, at phone
	 * width, {@code <name>-phone.png}, for the README; the window returns to the desktop
	 * size.
	 */
	protected void screenshots(String name) {
		WebDriver browser = browser();
		try {
			save(browser, name + "-desktop.png");
			browser.manage().window().setSize(PHONE);
			// let the layout settle at the new width
			Thread.sleep(300);
			save(browser, name + "-phone.png");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			browser.manage().window().setSize(DESKTOP);
		}
	}

	private static void save(WebDriver browser, String file) {
		byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		try {
			Path directory = screenshotDirectory();
			Files.createDirectories(directory);
			Files.write(directory.resolve(file), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** docs/screenshots of the repository, from the module's directory Maven runs in. */
	static Path screenshotDirectory() {
		Path here = Path.of("").toAbsolutePath();
		for (Path dir = here; dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("docs/decisions"))) {
				return dir.resolve("docs/screenshots");
			}
		}
		return here.resolve("target/screenshots");
	}

	@AfterEach
	void forgetTheSession() {
		if (driver != null) {
			driver.manage().deleteAllCookies();
			driver.manage().window().setSize(DESKTOP);
		}
	}

	@AfterAll
	static void quitBrowser() throws IOException {
		if (driver != null) {
			driver.quit();
			driver = null;
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			profile = null;
		}
	}

	private static String chromium() {
		return System.getProperty("countersign.chromium", "/usr/bin/chromium");
	}

	private static String chromedriver() {
		return System.getProperty("countersign.chromedriver", "/usr/bin/chromedriver");
	}

	private static WebDriver startChromium() {
		try {
			profile = Files.createTempDirectory("countersign-console-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium());
		options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(chromedriver()).toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().window().setSize(DESKTOP);
		chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		return chrome;
	}

}
