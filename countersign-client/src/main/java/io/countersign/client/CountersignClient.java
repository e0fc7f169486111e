package io.countersign.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;

/**
 * A client of Countersign's approvals API (docs/approvals.md) on the JDK's HTTP client:
 * open a request, wait for its decision, and gate code on it.
 *
 * <pre>{@code
 * CountersignClient countersign = CountersignClient.builder()
 *     .baseUrl("https://countersign.example.com")
 *     .token(System.getenv("COUNTERSIGN_TOKEN"))
 *     .build();
 * String version = countersign.gate("secret.rotate", Map.of("secret", "db-primary"),
 *     "Quarterly rotation of the primary database secret",
 *     (approved) -> vault.rotate("db-primary"));
 * }</pre>
 *
 * Every refusal is a {@link CountersignApiException} carrying the server's {@code ERR_…}
 * code. Instances are immutable and safe to share between threads.
 */
public final class CountersignClient {

	private final URI baseUrl;

	private final String token;

	private final HttpClient http;

	private final Duration pollInterval;

	private final Duration callTimeout;

	private final Duration decisionTimeout;

	private CountersignClient(Builder builder) {
		String base = builder.baseUrl.toString();
		this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
		this.token = builder.token;
		this.pollInterval = builder.pollInterval;
		this.callTimeout = builder.callTimeout;
		this.decisionTimeout = builder.decisionTimeout;
		this.http = (builder.http != null) ? builder.http
				: HttpClient.newBuilder().connectTimeout(builder.callTimeout).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Opens a request for {@code actionType} under the policy in force for it.
	 * @param parameters what the action will do, as JSON values (maps, lists, strings,
	 * numbers, booleans, null)
	 */
	public ApprovalRequest requestApproval(String actionType, Map<String, ?> parameters, String justification) {
		return requestApproval(actionType, parameters, Optional.empty(), justification);
	}

	/** Opens a request with a diff for approvers to read. */
	public ApprovalRequest requestApproval(String actionType, Map<String, ?> parameters, Optional<String> diff,
			String justification) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("actionType", Objects.requireNonNull(actionType, "actionType"));
		body.put("parameters", Objects.requireNonNull(parameters, "parameters"));
		diff.ifPresent((text) -> body.put("diff", text));
		body.put("justification", Objects.requireNonNull(justification, "justification"));
		return ApprovalRequest.of(call("POST", "/api/v1/approvals", Optional.of(body)));
	}

	/** The request as it stands now. */
	public ApprovalRequest request(String id) {
		return ApprovalRequest.of(call("GET", "/api/v1/approvals/" + segment(id), Optional.empty()));
	}

	/**
	 * Waits until the request is decided (approved, rejected, expired or cancelled),
	 * reading it every poll interval.
	 * @throws DecisionTimeoutException if it is still under review after {@code timeout}
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public Decision awaitDecision(String id, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			ApprovalRequest request = request(id);
			if (request.state().decided()) {
				return new Decision(request.state(), request);
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new DecisionTimeoutException(id, timeout);
			}
			Thread.sleep(Math.max(1, Math.min(this.pollInterval.toMillis(), left / 1_000_000)));
		}
	}

	/**
	 * Claims the execution of an approved request: the server answers it once, on every
	 * server, and refuses every other claim ({@code ERR_INVALID_STATE_TRANSITION}); run
	 * the action only after this returns.
	 */
	public ApprovalRequest claimExecution(String id) {
		return ApprovalRequest.of(call("POST", "/api/v1/approvals/" + segment(id) + "/execution", Optional.empty()));
	}

	/** Reports how the claimed execution ended, with a JSON-able result. */
	public ApprovalRequest reportExecution(String id, boolean succeeded, Object result) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("outcome", succeeded ? "succeeded" : "failed");
		body.put("result", jsonValue(result));
		return ApprovalRequest.of(call("PUT", "/api/v1/approvals/" + segment(id) + "/execution", Optional.of(body)));
	}

	/** Cancels a request still under review (its initiator only). */
	public ApprovalRequest cancel(String id, String reason) {
		return ApprovalRequest.of(call("POST", "/api/v1/approvals/" + segment(id) + "/cancellation",
				Optional.of(Map.of("reason", reason))));
	}

	/**
	 * Runs {@code action} only once enough people approved it: opens the request, waits
	 * for its decision (at most the builder's decision timeout), claims the execution,
	 * runs the action and reports its outcome. What the action returns is the execution's
	 * result (EXECUTED); an exception it throws is reported as the failure
	 * (ACTION_EXECUTION_FAILED, with the exception's message) and rethrown.
	 * @throws ApprovalDeniedException if the request was rejected, expired or cancelled
	 * @throws DecisionTimeoutException if nobody decided in time (the request stays open)
	 * @throws CountersignApiException if the server refused a step, e.g. the claim of a
	 * request its policy executes by webhook
	 * @throws InterruptedException if interrupted while waiting (the action never ran)
	 * @throws E whatever the action threw, after its failure was reported
	 */
	public <T, E extends Exception> T gate(String actionType, Map<String, ?> parameters, String justification,
			GatedAction<T, E> action) throws E, InterruptedException {
		ApprovalRequest opened = requestApproval(actionType, parameters, justification);
		Decision decision = awaitDecision(opened.id(), this.decisionTimeout);
		if (decision.state() != ApprovalState.APPROVED) {
			if (decision.approved()) {
				// executed by someone else (or by a webhook): never run it a second time
				throw new CountersignClientException(
						"Request " + opened.id() + " was approved but is already " + decision.state());
			}
			throw new ApprovalDeniedException(decision);
		}
		ApprovalRequest claimed = claimExecution(opened.id());
		T value;
		try {
			value = action.run(claimed);
		}
		catch (Exception ex) {
			reportFailure(opened.id(), ex);
			throw ex;
		}
		catch (Error ex) {
			reportFailure(opened.id(), ex);
			throw ex;
		}
		reportExecution(opened.id(), true, value);
		return value;
	}

	private void reportFailure(String id, Throwable failure) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("error", failure.getClass().getName());
		result.put("message", String.valueOf(failure.getMessage()));
		try {
			reportExecution(id, false, result);
		}
		catch (RuntimeException reportFailed) {
			failure.addSuppressed(reportFailed);
		}
	}

	private Map<String, Object> call(String method, String path, Optional<Object> body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.callTimeout)
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "application/json, application/problem+json");
		if (body.isPresent()) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body.get()), StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new CountersignClientException(method + " " + path + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CountersignClientException(method + " " + path + ": interrupted", ex);
		}
		Object json = parse(response);
		if (response.statusCode() >= 400) {
			Map<?, ?> problem = (json instanceof Map<?, ?> map) ? map : Map.of();
			Object code = problem.get("code");
			Object detail = problem.containsKey("detail") ? problem.get("detail") : problem.get("title");
			throw new CountersignApiException(response.statusCode(), (code != null) ? code.toString() : "ERR_HTTP",
					(detail != null) ? detail.toString() : response.body());
		}
		if (!(json instanceof Map<?, ?>)) {
			throw new CountersignClientException(method + " " + path + ": the answer is not a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) json;
		return object;
	}

	private static Object parse(HttpResponse<String> response) {
		if (response.body() == null || response.body().isBlank()) {
			return Map.of();
		}
		try {
			return Json.parse(response.body());
		}
		catch (JsonException ex) {
			return (response.statusCode() >= 400) ? Map.of() : response.body();
		}
	}

	// what the ledger's JSON writes; anything else is reported as its string form
	private static Object jsonValue(Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
				|| value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof BigDecimal) {
			return value;
		}
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(String.valueOf(key), jsonValue(item)));
			return copy;
		}
		if (value instanceof Collection<?> items) {
			return items.stream().map(CountersignClient::jsonValue).toList();
		}
		return value.toString();
	}

	private static String segment(String id) {
		return URLEncoder.encode(Objects.requireNonNull(id, "id"), StandardCharsets.UTF_8);
	}

	/** Settings of a client; {@code baseUrl} and {@code token} are required. */
	public static final class Builder {

		private URI baseUrl;

		private String token;

		private HttpClient http;

		private Duration pollInterval = Duration.ofSeconds(2);

		private Duration callTimeout = Duration.ofSeconds(30);

		private Duration decisionTimeout = Duration.ofHours(24);

		private Builder() {
		}

		/** Where the server is, e.g. {@code https://countersign.example.com}. */
		public Builder baseUrl(String baseUrl) {
			return baseUrl(URI.create(baseUrl));
		}

		public Builder baseUrl(URI baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/** An API token of the account that initiates (and executes) requests. */
		public Builder token(String token) {
			this.token = token;
			return this;
		}

		/** How often {@code awaitDecision} reads the request (default 2 s). */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
			return this;
		}

		/** The longest wait for one HTTP answer (default 30 s). */
		public Builder callTimeout(Duration callTimeout) {
			this.callTimeout = callTimeout;
			return this;
		}

		/** How long {@code gate} waits for a decision (default 24 h). */
		public Builder decisionTimeout(Duration decisionTimeout) {
			this.decisionTimeout = decisionTimeout;
			return this;
		}

		/** The JDK HTTP client to use (proxy, TLS settings); by default a new one. */
		public Builder httpClient(HttpClient http) {
			this.http = http;
			return this;
		}

		public CountersignClient build() {
			if (this.baseUrl == null || this.baseUrl.getScheme() == null
					|| !List.of("http", "https").contains(this.baseUrl.getScheme().toLowerCase())) {
				throw new IllegalArgumentException("baseUrl is an http or https URL");
			}
			if (this.token == null || this.token.isBlank()) {
				throw new IllegalArgumentException("token is required");
			}
			if (this.pollInterval.isNegative() || this.pollInterval.isZero()) {
				throw new IllegalArgumentException("pollInterval is positive");
			}
			return new CountersignClient(this);
		}

	}

}
