package io.countersign.server.access.internal;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens and passwords never reach the log, even with debug logging on for Countersign
 * and Spring Security, across issuing, using, revoking and guessing.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.io.countersign=DEBUG",
		"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG" })
class SecretsStayOutOfLogsTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long and secret passphrase";

	@LocalServerPort
	private int port;

	@Test
	void tokensAndPasswordsAreNeverLogged(CapturedOutput output) {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> created = admin.post("/api/v1/users", "application/json",
				"{\"username\":\"lena\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"viewer\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		HttpResponse<String> issued = admin.post("/api/v1/users/lena/tokens", "application/json",
				"{\"name\":\"laptop\"}");
		String token = ApiClient.json(issued).get("token").asString();
		String tokenId = ApiClient.json(issued).get("id").asString();

		assertThat(this.api.withToken(token).get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);
		assertThat(this.api.withToken(token).get("/api/v1/users").statusCode()).isEqualTo(403);
		assertThat(admin.send("DELETE", "/api/v1/tokens/" + tokenId).statusCode()).isEqualTo(204);
		assertThat(this.api.withToken(token).get("/api/v1/me").statusCode()).isEqualTo(401);
		String guess = "cs_guessed_token_that_does_not_exist_00000000";
		assertThat(this.api.withToken(guess).get("/api/v1/me").statusCode()).isEqualTo(401);
		ApiClient browser = ApiClient.withCookies(this.port);
		String csrf = ApiClient.json(browser.get("/api/v1/session/csrf")).get("token").asString();
		browser.withHeader("X-CSRF-TOKEN", csrf)
			.post("/api/v1/session", "application/json",
					"{\"username\":\"lena\",\"password\":\"" + PASSWORD + " but wrong\"}");

		assertThat(output.getAll()).contains("/api/v1/tokens/" + tokenId)
			.doesNotContain(token)
			.doesNotContain(token.substring(3, 20))
			.doesNotContain(guess)
			.doesNotContain(PASSWORD)
			.doesNotContain(TestSecrets.BOOTSTRAP_TOKEN);
	}

}
