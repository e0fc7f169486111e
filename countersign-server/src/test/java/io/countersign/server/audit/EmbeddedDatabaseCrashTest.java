package io.countersign.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.countersign.server.cli.CountersignCli;
import io.countersign.server.testing.ServerProcess;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 database, as the README's first command runs it, killed with
 * {@code kill -9} while eight clients append: every event that was acknowledged is stored
 * after the restart at the index its receipt names, and no index is handed out twice,
 * over two rounds of load and kill.
 */
class EmbeddedDatabaseCrashTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int CLIENTS = 8;

	private static final Duration LOAD = Duration.ofSeconds(3);

	@TempDir
	Path files;

	@Test
	void acknowledgedEventsSurviveKillNineAndTheirIndexesAreNeverHandedOutAgain() throws Exception {
		Path dataDir = this.files.resolve("data");
		Map<String, String> settings = Map.of("countersign.data-dir", dataDir.toString(), "countersign.master-key",
				TestSecrets.MASTER_KEY, "countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		Map<Long, Receipt> acknowledged = new ConcurrentHashMap<>();
		List<String> handedOutTwice = new ArrayList<>();

		for (int round = 1; round <= 2; round++) {
			ServerProcess server = ServerProcess.start(settings, this.files.resolve("server-" + round + ".log"));
			try {
				assertThat(treeSize(server)).as("tree size after restart, round %d", round)
					.isGreaterThan(acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(-1));
				int before = acknowledged.size();
				handedOutTwice.addAll(appendUntilKilled(server, acknowledged));
				assertThat(acknowledged.size()).as("events acknowledged in round %d", round).isGreaterThan(before);
			}
			finally {
				server.kill();
			}
		}
		assertThat(handedOutTwice).isEmpty();
		String url = "jdbc:h2:file:" + dataDir.resolve("countersign").toAbsolutePath();
		Map<Long, Receipt> stored = stored(url,
				acknowledged.keySet().stream().mapToLong(Long::longValue).min().orElseThrow());
		List<String> lostOrReplaced = new ArrayList<>();
		acknowledged.forEach((index, receipt) -> {
			if (!receipt.equals(stored.get(index))) {
				lostOrReplaced.add(index + ": acknowledged " + receipt + ", stored " + stored.get(index));
			}
		});
		assertThat(lostOrReplaced).as("acknowledged events lost or replaced (of %d)", acknowledged.size()).isEmpty();
		String verified = verify(url);
		assertThat(verified).startsWith("INTACT: ");
	}

	// Eight clients append, one event per request, recording every receipt; after LOAD
	// the server is killed while they are still sending. Returns the indexes that were
	// acknowledged twice.
	private static List<String> appendUntilKilled(ServerProcess server, Map<Long, Receipt> acknowledged)
			throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI events = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events");
		AtomicBoolean stop = new AtomicBoolean();
		ConcurrentLinkedQueue<String> twice = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int clientNumber = c;
			Thread thread = new Thread(() -> {
				for (int i = 0; !stop.get(); i++) {
					String body = """
							{"type":"crash.test","actor":{"id":"client-%d","type":"service"},
							 "resource":{"type":"sequence","id":"%d"}}""".formatted(clientNumber, i);
					HttpRequest request = HttpRequest.newBuilder(events)
						.timeout(Duration.ofSeconds(30))
						.header("Authorization", "Bearer " + TestSecrets.BOOTSTRAP_TOKEN)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build();
					HttpResponse<String> response;
					try {
						response = client.send(request, HttpResponse.BodyHandlers.ofString());
					}
					catch (IOException killed) {
						return; // no answer: not acknowledged
					}
					catch (InterruptedException ex) {
						return;
					}
					if (response.statusCode() != 201) {
						refused.add(response.statusCode() + " " + response.body());
						continue;
					}
					JsonNode answer = JSON.readTree(response.body());
					Receipt receipt = new Receipt(answer.get("leafHash").asString(), answer.get("id").asString());
					Receipt earlier = acknowledged.putIfAbsent(answer.get("index").asLong(), receipt);
					if (earlier != null) {
						twice.add(answer.get("index").asLong() + ": " + earlier + " and " + receipt);
					}
				}
			});
			thread.start();
			clients.add(thread);
		}
		Thread.sleep(LOAD.toMillis());
		server.kill();
		stop.set(true);
		for (Thread thread : clients) {
			thread.join();
		}
		assertThat(refused).as("appends refused before the kill").isEmpty();
		return List.copyOf(twice);
	}

	private static long treeSize(ServerProcess server) {
		HttpResponse<String> cut = server.api()
			.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.post("/api/v1/ledger/checkpoint", "text/plain", "");
		assertThat(cut.statusCode()).as(cut.body()).isEqualTo(200);
		// a C2SP checkpoint: origin, size, root, blank line, signatures
		return Long.parseLong(cut.body().lines().skip(1).findFirst().orElseThrow());
	}

	// Read with the server stopped: the embedded database admits one process.
	private static Map<Long, Receipt> stored(String url, long from) throws Exception {
		Map<Long, Receipt> rows = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(url, "", "");
				Statement select = connection.createStatement();
				ResultSet row = select
					.executeQuery("SELECT idx, leaf_hash, leaf FROM ledger_entry WHERE idx >= " + from)) {
			while (row.next()) {
				JsonNode leaf = JSON.readTree(new String(row.getBytes(3), StandardCharsets.UTF_8));
				rows.put(row.getLong(1),
						new Receipt(Base64.getEncoder().encodeToString(row.getBytes(2)), leaf.get("id").asString()));
			}
		}
		return rows;
	}

	private static String verify(String url) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = CountersignCli.run(new String[] { "verify", "--db", url, "--master-key", TestSecrets.MASTER_KEY },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		return report;
	}

	private record Receipt(String leafHash, String id) {
	}

}
