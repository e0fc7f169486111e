package io.countersign.server;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.countersign.server.secrets.MasterKey;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.RunningApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What happens when the service is started with nothing but a data directory: the
 * embedded database, a generated master key and a generated API token, shown once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartTest {

	private static final Pattern GENERATED_TOKEN = Pattern.compile("cs_[A-Za-z0-9_-]{43}");

	@TempDir
	Path dataDir;

	@Test
	void startsWithZeroConfigurationOnEmbeddedDatabaseInDataDirectory(CapturedOutput output) throws IOException {
		try (RunningApplication app = RunningApplication.start(settings())) {
			HttpResponse<String> health = app.api().get("/actuator/health");

			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(ApiClient.json(health).get("status").asString()).isEqualTo("UP");
			assertThat(this.dataDir.resolve("countersign.mv.db")).exists();
		}
		Path keyFile = this.dataDir.resolve(MasterKey.FILE_NAME);
		assertThat(keyFile).exists();
		if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		}
		assertThat(output).contains("No master key configured").doesNotContain(Files.readString(keyFile).strip());
		// start-up lines a user cannot act on (issue 14)
		assertThat(output).doesNotContain("newer than the version Flyway has been verified with")
			.doesNotContain("| 1 |")
			.doesNotContain("enabled by default. To disable it in production");
	}

	@Test
	void generatedTokenIsPrintedOnceWorksAndIsNeverLogged(CapturedOutput output) throws IOException {
		Path logFile = this.dataDir.resolve("countersign.log");
		Map<String, String> settings = settings();
		settings.put("logging.file.name", logFile.toString());
		String token;
		try (RunningApplication app = RunningApplication.start(settings)) {
			List<String> printed = generatedTokens(output.getOut());
			assertThat(printed).hasSize(1);
			token = printed.get(0);

			assertThat(app.api().withToken(token).get("/actuator/prometheus").statusCode()).isEqualTo(200);
		}
		int firstRun = output.getOut().length();
		try (RunningApplication app = RunningApplication.start(settings)) {
			assertThat(generatedTokens(output.getOut().substring(firstRun))).as("tokens printed on restart").isEmpty();
			assertThat(app.api().withToken(token).get("/actuator/prometheus").statusCode()).isEqualTo(200);
		}
		assertThat(Files.readString(logFile)).contains("Tomcat started on port")
			.contains("an API token for it, printed once to standard output")
			.doesNotContain(token);
		assertThat(output.getErr()).doesNotContain(token);
		assertThat(output).doesNotContain("Using generated security password");
	}

	@Test
	void bootstrapTokenConfiguredLaterIsAcceptedAlongsideExistingTokens(CapturedOutput output) {
		String generated;
		try (RunningApplication app = RunningApplication.start(settings())) {
			generated = generatedTokens(output.getOut()).get(0);
		}
		String configured = "cs_configured_later_0123456789abcdefghij";
		Map<String, String> settings = settings();
		settings.put("countersign.bootstrap-token", configured);

		try (RunningApplication app = RunningApplication.start(settings)) {
			assertThat(app.api().withToken(configured).get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(app.api().withToken(generated).get("/actuator/prometheus").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void bootstrapTokenShorterThan32CharactersStopsStartup() {
		Map<String, String> settings = settings();
		settings.put("countersign.bootstrap-token", "short-secret-value");

		assertThatThrownBy(() -> RunningApplication.start(settings).close()).rootCause()
			.hasMessageContaining("COUNTERSIGN_BOOTSTRAP_TOKEN")
			.hasMessageContaining("at least 32")
			.hasMessageNotContaining("short-secret-value");
	}

	@Test
	void malformedMasterKeyStopsStartupWithClearMessage() {
		Map<String, String> settings = settings();
		settings.put("countersign.master-key", "c2hvcnQta2V5"); // base64 of 9 bytes

		assertThatThrownBy(() -> RunningApplication.start(settings).close()).rootCause()
			.hasMessageContaining("COUNTERSIGN_MASTER_KEY")
			.hasMessageContaining("32 bytes")
			.hasMessageNotContaining("c2hvcnQta2V5");
	}

	/**
	 * Only the data directory; secrets are blanked so a developer's environment cannot
	 * leak in.
	 */
	private Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>();
		settings.put("countersign.data-dir", this.dataDir.toString());
		settings.put("countersign.master-key", "");
		settings.put("countersign.bootstrap-token", "");
		return settings;
	}

	private static List<String> generatedTokens(String text) {
		Matcher matcher = GENERATED_TOKEN.matcher(text);
		return matcher.results().map((result) -> result.group()).toList();
	}

}
