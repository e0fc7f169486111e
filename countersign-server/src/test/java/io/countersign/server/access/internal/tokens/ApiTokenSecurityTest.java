package io.countersign.server.access.internal.tokens;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request needs an API token, except health and the API documentation; refusals are
 * problem documents.
 */
class ApiTokenSecurityTest extends PostgresApplicationTest {

	@Test
	void requestWithoutTokenIsRefusedWithProblemAndBearerChallenge() {
		HttpResponse<String> response = this.api.get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = ApiClient.json(response);
		assertThat(problem.get("code").asString()).isEqualTo("ERR_UNAUTHENTICATED");
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("type").asString()).isEqualTo("https://countersign.dev/problems/err-unauthenticated");
		assertThat(problem.get("instance").asString()).isEqualTo("/actuator/prometheus");
	}

	@Test
	void requestWithUnknownTokenIsRefusedAsInvalidToken() {
		String wrong = "cs_not_a_token_that_exists_0123456789abcdef";

		HttpResponse<String> response = this.api.withToken(wrong).get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
		assertThat(ApiClient.json(response).get("code").asString()).isEqualTo("ERR_UNAUTHENTICATED");
		assertThat(response.body()).doesNotContain(wrong);
	}

	@Test
	void otherAuthorizationSchemesDoNotAuthenticate() {
		HttpResponse<String> response = this.api.withHeader("Authorization", "Basic YWRtaW46YWRtaW4=")
			.get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void configuredBootstrapTokenIsAccepted() {
		assertThat(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/me").statusCode()).isEqualTo(200);
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes")
			.contains("countersign_access_authentication_seconds{quantile=\"0.99\"")
			.contains("countersign_access_authorization_seconds{quantile=\"0.99\"")
			// every endpoint keeps its request timer, with the tags of Spring Boot's
			// observation (the in-flight timer is left out)
			.contains("http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\","
					+ "outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v1/me\"}")
			.doesNotContain("http_server_requests_active_seconds");
	}

	@Test
	void rejectedAndUnmatchedRequestsAreTimedWithoutAddingSeries() {
		this.api.withToken("cs_wrong").get("/api/v1/me");
		this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/no-such-thing-" + System.nanoTime());
		this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).send("BREW", "/api/v1/me");

		String metrics = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/actuator/prometheus").body();

		// a rejected token reaches no handler: no path template; and never the raw path
		// or method a client chose
		assertThat(metrics)
			.containsPattern("http_server_requests_seconds_count\\{error=\"none\",exception=\"none\",method=\"GET\","
					+ "outcome=\"CLIENT_ERROR\",status=\"401\",uri=\"UNKNOWN\"}")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"UNKNOWN\"")
			.doesNotContain("no-such-thing")
			.doesNotContain("BREW");
	}

	@Test
	void controllersReceiveTheCallerOfTheToken() {
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/me");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode me = ApiClient.json(response);
		assertThat(me.get("username").asString()).isEqualTo(BootstrapToken.FIRST_ADMIN);
		assertThat(me.get("roles").get(0).get("role").asString()).isEqualTo("admin");
		assertThat(me.get("authenticatedWith").get("method").asString()).isEqualTo("token");
		assertThat(me.get("authenticatedWith").get("id").asString()).hasSize(36);
	}

	@Test
	void bearerSchemeNameIsCaseInsensitive() {
		HttpResponse<String> response = this.api.withHeader("Authorization", "bearer " + TestSecrets.BOOTSTRAP_TOKEN)
			.get("/api/v1/me");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void healthIsOpen() {
		HttpResponse<String> response = this.api.get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response).get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void otherActuatorEndpointsNeedAToken() {
		assertThat(this.api.get("/actuator/info").statusCode()).isEqualTo(401);
		assertThat(this.api.get("/actuator").statusCode()).isEqualTo(401);
	}

	@Test
	void withoutAnOidcRegistrationThereIsNoSingleSignOn() {
		assertThat(this.api.get("/oauth2/authorization/any").statusCode()).isEqualTo(401);
		assertThat(this.api.get("/login/oauth2/code/any?code=c&state=s").statusCode()).isEqualTo(401);
		assertThat(this.api.get("/login").statusCode()).isEqualTo(401);
	}

	@Test
	void apiDocsAreOpenAndDeclareTheBearerScheme() {
		HttpResponse<String> response = this.api.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode docs = ApiClient.json(response);
		JsonNode scheme = docs.path("components").path("securitySchemes").path("bearer");
		assertThat(scheme.path("type").asString()).isEqualTo("http");
		assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
		assertThat(docs.path("security").get(0).has("bearer")).isTrue();
	}

	@Test
	void swaggerUiIsOpen() {
		assertThat(this.api.get("/swagger-ui.html").statusCode()).isIn(200, 302);
		assertThat(this.api.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

}
