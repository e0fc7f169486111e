package io.countersign.server.notification;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Real HTTP receivers on loopback (the JDK's server), one per path: each records every
 * call it gets, answers with a status that may depend on how many calls came before (a
 * receiver that fails, then recovers), or holds the call until released (a slow one).
 */
public final class Receiver implements AutoCloseable {

	/** One call as the receiver got it. */
	public record Call(String path, String signature, String deliveryId, String event, byte[] body, Instant at) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private Receiver(HttpServer server) {
		this.server = server;
	}

	public static Receiver start() throws IOException {
		Receiver receiver = new Receiver(
				HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
		receiver.server.setExecutor(receiver.threads);
		receiver.server.start();
		return receiver;
	}

	/**
	 * Answers the n-th call (0-based) to {@code path} with {@code status.applyAsInt(n)}.
	 */
	public Receiver answering(String path, IntUnaryOperator status) {
		this.server.createContext(path, (exchange) -> {
			int n = this.counts.computeIfAbsent(path, (key) -> new AtomicInteger()).getAndIncrement();
			record(path, exchange);
			respond(exchange, status.applyAsInt(n));
		});
		return this;
	}

	/** Holds every call to {@code path} until {@code release} opens, then answers 200. */
	public Receiver holding(String path, CountDownLatch release) {
		this.server.createContext(path, (exchange) -> {
			record(path, exchange);
			try {
				release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond(exchange, 200);
		});
		return this;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public List<Call> calls(String path) {
		return this.calls.stream().filter((call) -> call.path().equals(path)).toList();
	}

	private void record(String path, HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		this.calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Countersign-Signature"),
				exchange.getRequestHeaders().getFirst("Countersign-Delivery"),
				exchange.getRequestHeaders().getFirst("Countersign-Event"), body, Instant.now()));
	}

	private static void respond(HttpExchange exchange, int status) throws IOException {
		try {
			exchange.sendResponseHeaders(status, -1);
		}
		catch (IOException gone) {
			// the sender gave up waiting (its timeout): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
