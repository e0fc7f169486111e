package io.countersign.server.approval.internal.execution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.approval.internal.decisions.Decisions;
import io.countersign.server.approval.internal.decisions.StoredDecision;
import io.countersign.server.approval.internal.keys.ApproverKeys;
import io.countersign.server.approval.internal.keys.StoredKey;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.audit.PendingEvents;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.DaemonThreads;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.webhook.OutboundCheck;
import io.countersign.server.shared.webhook.OutboundGuard;
import io.countersign.server.shared.webhook.RetrySchedule;
import io.countersign.server.shared.webhook.WebhookSignature;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Calling the executor webhook of approved webhook-mode requests (docs/approvals.md,
 * decision 023). Every instance runs the same loop: start approved requests (one wins
 * each, under the row lock), take the lease of due calls (one wins each, by a conditional
 * update), make the call outside any transaction, and record the answer under the
 * request's row lock with its ledger event. A definitive answer ends the call; anything
 * else (no answer, a timeout, a status other than 2xx, a body that is not an answer) is
 * retried on the {@link RetrySchedule}. An instance that dies mid-call leaves its lease
 * to run out; the next attempt carries the same idempotency key, so the HTTP call is
 * delivered at least once and the execution recorded exactly once.
 */
@Service
class CallingExecutors {

	private static final Logger log = LoggerFactory.getLogger(CallingExecutors.class);

	static final String EXECUTED = "executed";

	static final String FAILED = "failed";

	static final String ERROR = "error";

	private static final int START_BATCH = 100;

	private final ExecutingApprovedAction executing;

	private final ExecutorCalls calls;

	private final ExecutorSecrets secrets;

	private final ApprovalRequests requests;

	private final Decisions decisions;

	private final ApproverKeys keys;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ExecutorProperties properties;

	private final PendingEvents pending;

	private final RetrySchedule schedule;

	private final String instance;

	private final HttpClient http;

	private final ExecutorService pool;

	private final Semaphore slots;

	private final SecureRandom random = new SecureRandom();

	private volatile boolean stopping;

	private final OutboundGuard guard;

	CallingExecutors(ExecutingApprovedAction executing, ExecutorCalls calls, ExecutorSecrets secrets,
			ApprovalRequests requests, Decisions decisions, ApproverKeys keys, TransactionTemplate transaction,
			Clock clock, ExecutorProperties properties, PendingEvents pending, OutboundGuard guard) {
		this.guard = guard;
		this.executing = executing;
		this.pending = pending;
		this.calls = calls;
		this.secrets = secrets;
		this.requests = requests;
		this.decisions = decisions;
		this.keys = keys;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties;
		this.schedule = properties.retrySchedule();
		this.instance = properties.instanceName().isBlank() ? defaultInstanceName() : properties.instanceName();
		// never follow a redirect: the policy's approvers approved this URL, not another,
		// and a redirect would lead past the guard (a 3xx is a failed attempt)
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(properties.timeout())
			.build();
		this.pool = Executors.newFixedThreadPool(properties.concurrency(), DaemonThreads.named("executor-webhooks"));
		this.slots = new Semaphore(properties.concurrency());
	}

	/** The key a receiver dedupes on: the request and the revision that was approved. */
	static String idempotencyKey(ApprovalRequestId id, int revision) {
		return id + "/" + revision;
	}

	@Scheduled(fixedDelayString = "${countersign.approvals.executor.poll-interval:PT1S}",
			initialDelayString = "${countersign.approvals.executor.poll-interval:PT1S}")
	void scheduled() {
		if (this.stopping) {
			return;
		}
		try {
			startApproved();
			callDue();
		}
		catch (RuntimeException ex) {
			// the next run tries again; a database outage must not stop the loop
			log.warn("executor webhooks: {}", ex.toString());
		}
	}

	/**
	 * Starts every approved webhook-mode request this instance wins whose earlier events
	 * (the approving decision) are on the ledger.
	 */
	void startApproved() {
		List<ApprovalRequestId> approved = this.calls.approvedForWebhook(START_BATCH);
		if (approved.isEmpty()) {
			return;
		}
		Optional<Set<Resource>> waiting = this.pending.resources();
		for (ApprovalRequestId id : approved) {
			if (onLedger(waiting, id)) {
				this.executing.startWebhook(id);
			}
		}
	}

	private static boolean onLedger(Optional<Set<Resource>> waiting, ApprovalRequestId id) {
		return ExecutingApprovedAction.earlierStepsOnLedger(waiting, id);
	}

	/** Leases due calls while this instance has free slots, and makes them. */
	void callDue() {
		Instant now = Rows.now(this.clock);
		int free = this.slots.availablePermits();
		if (free == 0) {
			return;
		}
		List<ApprovalRequestId> due = this.calls.due(now, free);
		if (due.isEmpty()) {
			return;
		}
		// no call (and so no outcome) before the start is on the ledger
		Optional<Set<Resource>> waiting = this.pending.resources();
		for (ApprovalRequestId id : due) {
			if (!onLedger(waiting, id)) {
				continue;
			}
			if (!this.slots.tryAcquire()) {
				return;
			}
			Optional<Integer> attempt = this.transaction
				.execute((status) -> this.calls.lease(id, this.instance, now, now.plus(this.properties.lease())));
			if (attempt == null || attempt.isEmpty()) {
				this.slots.release();
				continue;
			}
			try {
				this.pool.execute(() -> {
					try {
						attempt(id, attempt.get());
					}
					finally {
						this.slots.release();
					}
				});
			}
			catch (RuntimeException shuttingDown) {
				// the lease runs out and another instance (or this one, restarted) calls
				this.slots.release();
				return;
			}
		}
	}

	private void attempt(ApprovalRequestId id, int attempt) {
		Answer answer;
		try {
			answer = call(id, attempt);
		}
		catch (RuntimeException ex) {
			answer = Answer.error(Optional.empty(), "could not call: " + ex.getMessage());
		}
		if (Thread.currentThread().isInterrupted()) {
			// shutting down mid-call: the answer may be incomplete; the lease runs out
			return;
		}
		Answer recorded = answer;
		try {
			this.transaction.executeWithoutResult((status) -> record(id, attempt, recorded));
		}
		catch (RuntimeException ex) {
			log.warn("executor webhook of {}: could not record attempt {}: {}", id, attempt, ex.toString());
		}
	}

	private Answer call(ApprovalRequestId id, int attempt) {
		ExecutorCall call = this.calls.of(id).orElseThrow();
		// judged now, not only when the policy was saved: the host may resolve elsewhere
		// since (DNS rebinding)
		OutboundCheck check = this.guard.checkBeforeSending(URI.create(call.url()));
		if (check instanceof OutboundCheck.Refused refused) {
			return Answer.refused("refused by countersign.outbound: " + refused.reason());
		}
		if (check instanceof OutboundCheck.Unresolved unresolved) {
			return Answer.error(Optional.empty(), unresolved.reason());
		}
		StoredRequest request = this.requests.find(id).orElseThrow();
		Revision revision = this.requests.revision(id, call.revision());
		byte[] body = Json.write(body(request, revision, attempt)).getBytes(StandardCharsets.UTF_8);
		String fingerprint = this.calls.secretOf(id);
		byte[] secret = this.secrets.open(fingerprint);
		HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(call.url()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey(id, call.revision()))
			.header(WebhookSignature.HEADER, WebhookSignature.sign(secret, this.clock.instant(), body))
			.header("User-Agent", "Countersign executor webhook")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			return Answer.error(Optional.empty(), "no answer within " + this.properties.timeout());
		}
		catch (IOException ex) {
			return Answer.error(Optional.empty(), "could not reach the executor: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.error(Optional.empty(), "interrupted");
		}
		return Answer.of(response.statusCode(), response.body());
	}

	// what the executor receives (docs/approvals.md, "The executor's contract")
	private Map<String, Object> body(StoredRequest request, Revision revision, int attempt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "countersign/executor-call/v1");
		body.put("idempotencyKey", idempotencyKey(request.id(), revision.number()));
		body.put("attempt", (long) attempt);
		body.put("requestId", request.id().toString());
		body.put("revision", (long) revision.number());
		body.put("actionType", request.actionType());
		body.put("parameters", revision.content().parameters());
		body.put("diff", revision.content().diff().orElse(null));
		body.put("justification", revision.content().justification());
		body.put("initiator", request.initiator());
		body.put("digest", revision.digest().hex());
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("actionType", request.actionType());
		policy.put("version", (long) request.policy().version());
		body.put("policy", policy);
		body.put("rollbackOf", request.rollbackOf().map(ApprovalRequestId::toString).orElse(null));
		List<Object> approvals = new ArrayList<>();
		for (StoredDecision decision : this.decisions.on(request.id(), revision.number())) {
			if (decision.verdict() != Verdict.APPROVE) {
				continue;
			}
			Map<String, Object> approval = new LinkedHashMap<>();
			approval.put("approver", decision.person());
			approval.put("roles", decision.roles());
			approval.put("reason", decision.reason());
			approval.put("decidedAt", decision.decidedAt().toString());
			approval.put("keyFingerprint", this.keys.find(decision.keyId()).map(StoredKey::fingerprint).orElse(null));
			approval.put("signature", decision.signature());
			approvals.add(approval);
		}
		body.put("approvals", approvals);
		return body;
	}

	// under the request's row lock: of two instances recording answers for the same
	// request, the second finds it no longer executing and only keeps its attempt
	private void record(ApprovalRequestId id, int attempt, Answer answer) {
		Instant now = Rows.now(this.clock);
		StoredRequest request = this.requests.lock(id).orElseThrow();
		this.calls.finishAttempt(id, attempt, now, answer.httpStatus(), answer.outcome(), answer.error());
		if (!ERROR.equals(answer.outcome())) {
			this.executing.finishWebhook(request, EXECUTED.equals(answer.outcome()), answer.result(), now);
			this.calls.end(id, ExecutorCalls.ANSWERED);
			return;
		}
		log.info("executor webhook of {}: attempt {} failed: {}", id, attempt, answer.error().orElse(""));
		if (!answer.refused() && this.schedule.tryAgainAfter(attempt)) {
			this.calls.retryLater(id, attempt, now.plus(this.schedule.delayAfter(attempt, this.random)));
			return;
		}
		if (this.calls.of(id).filter((call) -> call.attempts() == attempt).isPresent()) {
			Map<String, Object> result = new LinkedHashMap<>();
			if (answer.refused()) {
				// trying again would be refused again: the execution fails now, saying
				// why
				result.put("error", ErrorCode.ERR_OUTBOUND_URL_REFUSED.name());
				result.put("message", "Countersign did not call the executor: " + answer.error().orElse(""));
			}
			else {
				result.put("error", "ERR_EXECUTOR_UNREACHABLE");
				result.put("message", "Countersign gave up after " + attempt + " attempts; last: "
						+ answer.error().orElse("no answer"));
			}
			result.put("attempts", (long) attempt);
			this.executing.finishWebhook(request, false, Json.write(result), now);
			this.calls.end(id, ExecutorCalls.GAVE_UP);
		}
	}

	/**
	 * A graceful stop takes no new lease and lets the calls in flight finish and be
	 * recorded (at most the timeout), so a restart does not make the executor receive a
	 * call twice; only a crash (or a call outliving this wait) leaves a lease to run out.
	 */
	@PreDestroy
	void stop() throws InterruptedException {
		this.stopping = true;
		this.pool.shutdown();
		if (!this.pool.awaitTermination(this.properties.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
			this.pool.shutdownNow();
		}
	}

	String instance() {
		return this.instance;
	}

	private static String defaultInstanceName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "localhost";
		}
		return host + "-" + ProcessHandle.current().pid();
	}

	/**
	 * What one attempt came to: {@code executed} or {@code failed} with the executor's
	 * result (compact JSON), or {@code error} (retried, unless {@code refused}: the
	 * outbound guard refused the URL, and the execution fails at once).
	 */
	record Answer(String outcome, Optional<Integer> httpStatus, String result, Optional<String> error,
			boolean refused) {

		Answer(String outcome, Optional<Integer> httpStatus, String result, Optional<String> error) {
			this(outcome, httpStatus, result, error, false);
		}

		static Answer error(Optional<Integer> httpStatus, String error) {
			return new Answer(ERROR, httpStatus, "null", Optional.of(error));
		}

		static Answer refused(String reason) {
			return new Answer(ERROR, Optional.empty(), "null", Optional.of(reason), true);
		}

		static Answer of(int status, String body) {
			if (status < 200 || status > 299) {
				return error(Optional.of(status), "HTTP " + status);
			}
			Object json;
			try {
				json = Json.parse(body);
			}
			catch (JsonException ex) {
				return error(Optional.of(status), "the answer is not JSON: " + ex.getMessage());
			}
			if (!(json instanceof Map<?, ?> map)
					|| !(EXECUTED.equals(map.get("outcome")) || FAILED.equals(map.get("outcome")))) {
				return error(Optional.of(status),
						"the answer is not {\"outcome\": \"executed\" | \"failed\", \"result\": …}");
			}
			String result;
			try {
				result = ExecutingApprovedAction.resultText(map.get("result"));
			}
			catch (CountersignException tooLarge) {
				result = Json.write(Map.of("error", "ERR_RESULT_TOO_LARGE", "message", tooLarge.getMessage()));
			}
			return new Answer((String) map.get("outcome"), Optional.of(status), result, Optional.empty());
		}

	}

}
