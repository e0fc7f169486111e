import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load of access changes over HTTP, one change per request: creating service
 * accounts ({@code users}) or issuing tokens to one of them ({@code tokens}). Prints
 * changes per second and the p50/p99 latency. Run with the JDK alone:
 * {@code java AccessChangeLoad.java PORT TOKEN users|tokens CLIENTS COUNT [NAME_PREFIX]}.
 */
public class AccessChangeLoad {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String token = args[1];
		String change = args[2];
		int clients = Integer.parseInt(args[3]);
		int count = Integer.parseInt(args[4]);
		String prefix = (args.length > 5) ? args[5] : "load";
		HttpClient http = HttpClient.newHttpClient();
		String base = "http://127.0.0.1:" + port + "/api/v1/users";
		if (change.equals("tokens")) {
			post(http, base, token, "{\"username\":\"" + prefix + "-owner\",\"kind\":\"service\"}");
		}
		AtomicInteger next = new AtomicInteger();
		long[] latencies = new long[count];
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long started = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					long t0 = System.nanoTime();
					int status = change.equals("users")
							? post(http, base, token, "{\"username\":\"" + prefix + "-" + i + "\",\"kind\":\"service\"}")
							: post(http, base + "/" + prefix + "-owner/tokens", token, "{\"name\":\"t" + i + "\"}");
					latencies[i] = System.nanoTime() - t0;
					if (status != 201) {
						throw new IllegalStateException("answer " + status + " to change " + i);
					}
				}
				return null;
			}));
		}
		for (Future<?> each : running) {
			each.get();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		pool.shutdown();
		Arrays.sort(latencies);
		System.out.printf("%s clients=%d n=%d: %.0f changes/s, p50 %.2f ms, p99 %.2f ms%n", change, clients, count,
				count / seconds, latencies[count / 2] / 1e6, latencies[(int) (count * 0.99)] / 1e6);
	}

	private static int post(HttpClient http, String url, String token, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
