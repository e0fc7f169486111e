package io.countersign.server.web;

import java.net.http.HttpResponse;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure of a request, Spring's or ours, comes back as an RFC 9457 problem with
 * the right status and a stable code, and without internals.
 */
@Import(ProblemDetailsTest.Samples.class)
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsTest extends PostgresApplicationTest {

	private ApiClient caller;

	@BeforeEach
	void authenticated() {
		this.caller = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	@Test
	void malformedJsonIsErrMalformedJson() {
		HttpResponse<String> response = this.caller.post("/test/samples", "application/json", "{\"name\": ");

		JsonNode problem = assertProblem(response, 400, "ERR_MALFORMED_JSON");
		assertThat(problem.get("type").asString()).isEqualTo("https://countersign.dev/problems/err-malformed-json");
		assertThat(problem.get("title").asString()).isEqualTo(ErrorCode.ERR_MALFORMED_JSON.defaultMessage());
		assertThat(problem.get("instance").asString()).isEqualTo("/test/samples");
	}

	@Test
	void missingBodyIsErrMalformedJson() {
		assertProblem(this.caller.post("/test/samples", "application/json", ""), 400, "ERR_MALFORMED_JSON");
	}

	@Test
	void wrongJsonTypeIsErrValidationNamingTheFieldNotTheValue() {
		HttpResponse<String> response = this.caller.post("/test/samples", "application/json",
				"{\"name\": \"a\", \"count\": \"s3cr3t-value\"}");

		JsonNode problem = assertProblem(response, 400, "ERR_VALIDATION");
		assertThat(problem.get("detail").asString()).contains("count").contains("number");
		assertThat(response.body()).doesNotContain("s3cr3t-value");
	}

	@Test
	void beanValidationFailureIsErrValidationListingTheFields() {
		HttpResponse<String> response = this.caller.post("/test/samples", "application/json",
				"{\"name\": \"\", \"count\": -1}");

		JsonNode problem = assertProblem(response, 400, "ERR_VALIDATION");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "count");
	}

	@Test
	void validBodyPasses() {
		HttpResponse<String> response = this.caller.post("/test/samples", "application/json",
				"{\"name\": \"a\", \"count\": 1}");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void wrongContentTypeIsErrUnsupportedMediaType() {
		HttpResponse<String> response = this.caller.post("/test/samples", "text/plain", "hello");

		assertProblem(response, 415, "ERR_UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void unacceptableRepresentationIsErrNotAcceptable() {
		HttpResponse<String> response = this.caller.withHeader("Accept", "application/xml").get("/test/samples/json");

		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(response.body()).contains("ERR_NOT_ACCEPTABLE");
	}

	@Test
	void unknownPathIsErrNotFound() {
		HttpResponse<String> response = this.caller.get("/api/v1/no-such-thing?token=abc");

		JsonNode problem = assertProblem(response, 404, "ERR_NOT_FOUND");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
		assertThat(response.body()).doesNotContain("abc");
	}

	@Test
	void wrongMethodIsErrMethodNotAllowedWithAllowHeader() {
		HttpResponse<String> response = this.caller.send("DELETE", "/test/samples");

		assertProblem(response, 405, "ERR_METHOD_NOT_ALLOWED");
		assertThat(response.headers().firstValue("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("POST"));
	}

	@Test
	void missingRequestParameterIsErrValidation() {
		assertProblem(this.caller.get("/test/samples/param"), 400, "ERR_VALIDATION");
	}

	@Test
	void mistypedRequestParameterIsErrValidationWithoutEchoingIt() {
		HttpResponse<String> response = this.caller.get("/test/samples/param?limit=s3cr3t");

		JsonNode problem = assertProblem(response, 400, "ERR_VALIDATION");
		assertThat(problem.get("detail").asString()).contains("limit");
		assertThat(response.body()).doesNotContain("s3cr3t");
	}

	@Test
	void countersignExceptionKeepsItsCodeAndMessage() {
		HttpResponse<String> response = this.caller.get("/test/samples/entry");

		JsonNode problem = assertProblem(response, 404, "ERR_ENTRY_NOT_FOUND");
		assertThat(problem.get("detail").asString()).isEqualTo("No entry at index 42.");
	}

	@Test
	void ledgerUnavailableIs503() {
		assertProblem(this.caller.get("/test/samples/unavailable"), 503, "ERR_LEDGER_UNAVAILABLE");
	}

	@Test
	void unexpectedFailureIsErrInternalWithoutInternalsButLogged(CapturedOutput output) {
		HttpResponse<String> response = this.caller.get("/test/samples/boom");

		JsonNode problem = assertProblem(response, 500, "ERR_INTERNAL");
		assertThat(response.body()).doesNotContain("database password is hunter2").doesNotContain("IllegalState");
		assertThat(problem.get("detail").asString()).isEqualTo(ErrorCode.ERR_INTERNAL.defaultMessage());
		assertThat(output).contains("java.lang.IllegalStateException: database password is hunter2")
			.contains("at io.countersign.server.web.ProblemDetailsTest$Samples.boom");
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = ApiClient.json(response);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asString()).startsWith("https://countersign.dev/problems/");
		assertThat(problem.has("title")).isTrue();
		assertThat(problem.has("detail")).isTrue();
		return problem;
	}

	record Sample(@NotBlank String name, @Positive int count) {
	}

	@RestController
	@RequestMapping("/test/samples")
	static class Samples {

		@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
		Sample create(@Valid @RequestBody Sample sample) {
			return sample;
		}

		@GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
		Sample json() {
			return new Sample("a", 1);
		}

		@GetMapping("/param")
		long param(@RequestParam long limit) {
			return limit;
		}

		@GetMapping("/entry")
		String entry() {
			throw new CountersignException(ErrorCode.ERR_ENTRY_NOT_FOUND, "No entry at index 42.");
		}

		@GetMapping("/unavailable")
		String unavailable() {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE);
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("database password is hunter2");
		}

	}

}
