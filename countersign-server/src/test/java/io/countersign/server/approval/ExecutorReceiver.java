package io.countersign.server.approval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.ledger.json.Json;
import io.countersign.server.shared.webhook.WebhookSignature;

/**
 * An executor on loopback, as an operator would write one: it checks the
 * {@code Countersign-Signature} over the exact body with the shared secret before it
 * parses anything (401 otherwise), and answers what the test tells it to. Every call is
 * kept, so a test can count them per idempotency key.
 */
final class ExecutorReceiver implements AutoCloseable {

	/** One call as received. */
	record Call(String idempotencyKey, String signature, String body, boolean signatureValid, Instant at) {

		@SuppressWarnings("unchecked")
		java.util.Map<String, Object> json() {
			return (java.util.Map<String, Object>) Json.parse(this.body);
		}

	}

	/** What to answer: a status and a body. */
	record Reply(int status, String body) {

		static Reply executed(String resultJson) {
			return new Reply(200, "{\"outcome\":\"executed\",\"result\":" + resultJson + "}");
		}

		static Reply failed(String resultJson) {
			return new Reply(200, "{\"outcome\":\"failed\",\"result\":" + resultJson + "}");
		}

	}

	private final HttpServer server;

	private final byte[] secret;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicReference<Function<Call, Reply>> replies;

	private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

	private final CountDownLatch firstCall = new CountDownLatch(1);

	private ExecutorReceiver(HttpServer server, String secret, Function<Call, Reply> replies) {
		this.server = server;
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.replies = new AtomicReference<>(replies);
	}

	/** Listens on 127.0.0.1:{@code port} (0: any free port). */
	static ExecutorReceiver start(int port, String secret, Function<Call, Reply> replies) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
		ExecutorReceiver receiver = new ExecutorReceiver(server, secret, replies);
		server.createContext("/execute", receiver::handle);
		server.setExecutor(Executors.newCachedThreadPool());
		server.start();
		return receiver;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/execute";
	}

	List<Call> calls() {
		return List.copyOf(this.calls);
	}

	List<Call> callsWithKey(String key) {
		return this.calls.stream().filter((call) -> key.equals(call.idempotencyKey())).toList();
	}

	void answer(Function<Call, Reply> replies) {
		this.replies.set(replies);
	}

	/** Holds every call without answering until {@link #release()}. */
	void holdCalls() {
		this.hold.set(new CountDownLatch(1));
	}

	void release() {
		CountDownLatch latch = this.hold.getAndSet(null);
		if (latch != null) {
			latch.countDown();
		}
	}

	boolean awaitFirstCall(Duration timeout) throws InterruptedException {
		return this.firstCall.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
		boolean valid = WebhookSignature.verify(this.secret, signature, body, Instant.now(), Duration.ofMinutes(5));
		Call call = new Call(exchange.getRequestHeaders().getFirst("Idempotency-Key"), signature,
				new String(body, StandardCharsets.UTF_8), valid, Instant.now());
		this.calls.add(call);
		this.firstCall.countDown();
		CountDownLatch latch = this.hold.get();
		if (latch != null) {
			try {
				latch.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Reply reply = valid ? this.replies.get().apply(call) : new Reply(401, "{\"error\":\"bad signature\"}");
		byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		try {
			exchange.sendResponseHeaders(reply.status(), answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
		catch (IOException callerGone) {
			// the instance that called died mid-call: nobody reads this answer
		}
		exchange.close();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

}
