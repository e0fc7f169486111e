package io.countersign.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.server.CountersignApplication;
import io.countersign.server.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes share one PostgreSQL database and both take appends at once; the
 * advisory lock and the tail check keep them writing one tree.
 */
class TwoServersOneLedgerTest {

	@Test
	void twoServersAppendingConcurrentlyBuildOneConsistentTree() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext first = start(database);
				ConfigurableApplicationContext second = start(database)) {
			List<LedgerApi> servers = List.of(new LedgerApi(port(first)), new LedgerApi(port(second)));
			// the first start wrote its own events (the first admin and its token)
			long before = Long.parseLong(servers.get(0).cutCheckpoint().lines().skip(1).findFirst().orElseThrow());
			// index -> the actor and type its caller sent
			Map<Long, String> acknowledged = new ConcurrentHashMap<>();
			ExecutorService threads = Executors.newFixedThreadPool(16);
			try {
				List<Future<?>> producers = new ArrayList<>();
				for (int p = 0; p < 16; p++) {
					LedgerApi server = servers.get(p % 2);
					String actor = "producer-" + p;
					producers.add(threads.submit(() -> {
						for (int i = 0; i < 25; i++) {
							String type = "two.servers." + i;
							Map<String, Object> receipt = server.append(LedgerApi.event(actor, type));
							assertThat(acknowledged.put((Long) receipt.get("index"), actor + "/" + type)).isNull();
						}
						return null;
					}));
				}
				for (Future<?> producer : producers) {
					producer.get();
				}
			}
			finally {
				threads.shutdownNow();
			}

			assertThat(acknowledged.keySet()).isEqualTo(LedgerApiContract.range(before, before + 400));
			for (Map.Entry<Long, String> entry : acknowledged.entrySet()) {
				LedgerApi reader = servers.get((int) (entry.getKey() % 2));
				@SuppressWarnings("unchecked")
				Map<String, Object> event = (Map<String, Object>) reader.get("/api/v1/ledger/entries/" + entry.getKey())
					.json()
					.get("event");
				@SuppressWarnings("unchecked")
				String actor = (String) ((Map<String, Object>) event.get("actor")).get("id");
				assertThat(actor + "/" + event.get("type")).isEqualTo(entry.getValue());
			}
			String fromFirst = servers.get(0).cutCheckpoint();
			String fromSecond = servers.get(1).cutCheckpoint();
			VerifierKey key = VerifierKey.parse(servers.get(1).get("/api/v1/ledger/key").body());
			assertThat(servers.get(0).get("/api/v1/ledger/key").body()).isEqualTo(key.encoded());
			Checkpoint a = LedgerApiContract.open(fromFirst, key);
			Checkpoint b = LedgerApiContract.open(fromSecond, key);
			assertThat(a.size()).isEqualTo(before + 400);
			assertThat(b.root()).isEqualTo(a.root());
			assertThat(MerkleTree.verifyConsistency(a.size(), b.size(), a.root(), b.root(), List.of())).isTrue();
			for (LedgerApi server : servers) {
				assertThat(server.get("/api/v1/ledger/verify").json()).containsEntry("intact", true)
					.containsEntry("entries", before + 400);
			}
		}
	}

	// Command-line arguments, so they win over application.yml (server.port: 8080).
	private static ConfigurableApplicationContext start(PostgresTestDatabase database) {
		return new SpringApplicationBuilder(CountersignApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--countersign.master-key=" + LedgerApi.MASTER_KEY, "--countersign.bootstrap-token=" + LedgerApi.TOKEN,
				"--countersign.ledger.checkpoint-interval=300ms");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
