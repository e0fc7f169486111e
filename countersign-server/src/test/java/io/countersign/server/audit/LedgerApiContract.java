package io.countersign.server.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.LedgerApi.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's HTTP API, run against each database by a subclass.
 */
abstract class LedgerApiContract {

	@LocalServerPort
	int port;

	LedgerApi api;

	@BeforeEach
	void client() {
		this.api = new LedgerApi(this.port);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void appendsAreAcknowledgedWithContiguousIndexesAndServedBackAsWritten() {
		String actor = unique("alice");
		String withDetails = LedgerApi.event(actor, "app.authn_login_success")
			.replaceFirst("}$", ",\"details\":{\"gone\":null,\"nested\":{\"list\":[1,2.5,true,\"\u00e9\"]}}}");
		Map<String, Object> single = this.api.append(withDetails);
		Response batch = this.api.post("/api/v1/events", "[" + LedgerApi.event(actor, "a.one") + ","
				+ LedgerApi.event(actor, "a.two") + "," + LedgerApi.event(actor, "a.three") + "]");

		assertThat(batch.status()).isEqualTo(201);
		assertThat(batch.header("Content-Type")).startsWith("application/json");
		assertThat(single).containsOnlyKeys("index", "leafHash", "id");
		List<Map<String, Object>> receipts = batch.jsonArray();
		long first = (Long) single.get("index");
		assertThat(receipts).extracting((receipt) -> receipt.get("index"))
			.containsExactly(first + 1, first + 2, first + 3);
		List<Map<String, Object>> all = new ArrayList<>(List.of(single));
		all.addAll(receipts);
		List<String> types = List.of("app.authn_login_success", "a.one", "a.two", "a.three");
		for (int i = 0; i < all.size(); i++) {
			Map<String, Object> receipt = all.get(i);
			Response entry = this.api.get("/api/v1/ledger/entries/" + receipt.get("index"));
			assertThat(entry.status()).isEqualTo(200);
			Map<String, Object> json = entry.json();
			byte[] leaf = Base64.getDecoder().decode((String) json.get("leaf"));
			assertThat(json.get("leafHash")).isEqualTo(receipt.get("leafHash"))
				.isEqualTo(Rfc6962.leafHash(leaf).base64());
			@SuppressWarnings("unchecked")
			Map<String, Object> event = (Map<String, Object>) json.get("event");
			assertThat(event.get("id")).isEqualTo(receipt.get("id"));
			assertThat(event.get("type")).isEqualTo(types.get(i));
			assertThat(event).containsEntry("actor", Map.of("id", actor, "type", "user"))
				.containsEntry("submitter", Map.of("account", "admin", "credential", "token:" + tokenId()))
				.containsEntry("outcome", "success")
				.containsKeys("ts", "nonce");
			assertThat(new String(leaf, StandardCharsets.UTF_8)).contains("\"id\":\"" + receipt.get("id") + "\"");
			if (i == 0) {
				assertThat(new String(leaf, StandardCharsets.UTF_8))
					.contains("\"details\":{\"gone\":null,\"nested\":{\"list\":[1,2.5,true,\"\u00e9\"]}}");
			}
		}
	}

	@Test
	void proofsServedByTheApiVerifyAgainstTheRootOfTheSignedCheckpoint() {
		this.api.append(LedgerApi.event(unique("bob"), "proof.first"));
		String older = this.api.cutCheckpoint();
		for (int i = 0; i < 6; i++) {
			this.api.append(LedgerApi.event(unique("bob"), "proof.more"));
		}
		String newer = this.api.cutCheckpoint();

		VerifierKey key = VerifierKey.parse(this.api.get("/api/v1/ledger/key").body());
		Checkpoint from = open(older, key);
		Checkpoint to = open(newer, key);
		assertThat(this.api.get("/api/v1/ledger/checkpoint").body()).isEqualTo(newer);
		for (long index = 0; index < to.size(); index++) {
			Response proof = this.api.get("/api/v1/ledger/proof/inclusion?index=" + index + "&size=" + to.size());
			assertThat(proof.status()).isEqualTo(200);
			Hash leafHash = Hash
				.fromBase64((String) this.api.get("/api/v1/ledger/entries/" + index).json().get("leafHash"));
			assertThat(MerkleTree.verifyInclusion(leafHash, index, to.size(), hashes(proof), to.root()))
				.as("inclusion of %d in %d", index, to.size())
				.isTrue();
		}
		Response consistency = this.api
			.get("/api/v1/ledger/proof/consistency?from=" + from.size() + "&to=" + to.size());
		assertThat(consistency.status()).isEqualTo(200);
		assertThat(MerkleTree.verifyConsistency(from.size(), to.size(), from.root(), to.root(), hashes(consistency)))
			.isTrue();
	}

	@Test
	void concurrentAppendsFormOneContiguousTreeThatVerifiesIntact() throws Exception {
		long before = this.api.size();
		ConcurrentLinkedQueue<Long> indexes = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> producers = new ArrayList<>();
			for (int p = 0; p < 16; p++) {
				String actor = unique("producer" + p);
				producers.add(threads.submit(() -> {
					for (int i = 0; i < 20; i++) {
						String body = (i % 5 == 0)
								? "[" + LedgerApi.event(actor, "burst") + "," + LedgerApi.event(actor, "burst") + "]"
								: LedgerApi.event(actor, "single");
						Response response = this.api.post("/api/v1/events", body);
						assertThat(response.status()).isEqualTo(201);
						if (body.startsWith("[")) {
							response.jsonArray().forEach((receipt) -> indexes.add((Long) receipt.get("index")));
						}
						else {
							indexes.add((Long) response.json().get("index"));
						}
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

		long after = this.api.size();
		assertThat(indexes).hasSize((int) (after - before)).doesNotHaveDuplicates();
		assertThat(new HashSet<>(indexes)).containsExactlyInAnyOrderElementsOf(
				IntStream.range(0, indexes.size()).mapToObj((i) -> before + i).collect(Collectors.toSet()));
		Map<String, Object> report = this.api.get("/api/v1/ledger/verify").json();
		assertThat(report).containsEntry("intact", true).containsEntry("entries", after);
		assertThat((Long) report.get("checkpointsChecked")).isPositive();
	}

	@Test
	void badInputIsRefusedWithItsCodeAndAppendsNothing() {
		String tooLong = "x".repeat(257);
		String huge = "y".repeat(70_000);
		String batchTooLarge = IntStream.range(0, 1001)
			.mapToObj((i) -> LedgerApi.event("a", "t"))
			.collect(Collectors.joining(",", "[", "]"));
		List<List<String>> cases = List.of(List.of("not json", "400", "ERR_MALFORMED_JSON"),
				List.of("{\"type\":\"t\",\"type\":\"u\",\"actor\":{\"id\":\"a\",\"type\":\"user\"}}", "400",
						"ERR_MALFORMED_JSON"),
				List.of("{\"type\":\"t\"}", "400", "ERR_VALIDATION"),
				List.of("{\"actor\":{\"id\":\"a\",\"type\":\"user\"}}", "400", "ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"type\":\"user\"}}", "400", "ERR_VALIDATION"),
				List.of(LedgerApi.event("a", "bad type"), "400", "ERR_VALIDATION"),
				List.of(LedgerApi.event("a", "t".repeat(129)), "400", "ERR_VALIDATION"),
				List.of(LedgerApi.event("", "t"), "400", "ERR_VALIDATION"),
				List.of(LedgerApi.event(tooLong, "t"), "400", "ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"colour\":\"red\"}", "400",
						"ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"action\":5}", "400",
						"ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"outcome\":\"maybe\"}", "400",
						"ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"details\":[1]}", "400",
						"ERR_VALIDATION"),
				List.of("{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"details\":{\"blob\":\"" + huge
						+ "\"}}", "413", "ERR_EVENT_TOO_LARGE"),
				List.of("[]", "400", "ERR_VALIDATION"), List.of(batchTooLarge, "413", "ERR_BATCH_TOO_LARGE"),
				List.of("[" + LedgerApi.event("a", "fine") + "," + LedgerApi.event("a", "not fine") + "]", "400",
						"ERR_VALIDATION"),
				List.of("\"just a string\"", "400", "ERR_VALIDATION"));
		long before = this.api.size();

		for (List<String> bad : cases) {
			Response response = this.api.post("/api/v1/events", bad.get(0));
			String shown = bad.get(0).substring(0, Math.min(80, bad.get(0).length()));
			assertThat(response.status()).as(shown).isEqualTo(Integer.parseInt(bad.get(1)));
			assertThat(response.code()).as(shown).isEqualTo(bad.get(2));
			assertThat((String) response.json().get("detail")).as(shown).isNotBlank();
		}
		byte[] overEightMiB = new byte[8 * 1024 * 1024 + 10];
		java.util.Arrays.fill(overEightMiB, (byte) ' ');
		overEightMiB[0] = '[';
		Response tooBig = this.api.post("/api/v1/events", "application/json", overEightMiB);
		assertThat(tooBig.status()).isEqualTo(413);
		assertThat(tooBig.code()).isEqualTo("ERR_BATCH_TOO_LARGE");
		Response notJson = this.api.post("/api/v1/events", "text/plain",
				LedgerApi.event("a", "t").getBytes(StandardCharsets.UTF_8));
		assertThat(notJson.status()).isEqualTo(415);

		assertThat(this.api.size()).isEqualTo(before);
	}

	@Test
	void entriesAndProofsRefuseIndexesOutsideTheTree() {
		this.api.append(LedgerApi.event(unique("carol"), "range.check"));
		long size = this.api.size();

		assertProblem(this.api.get("/api/v1/ledger/entries/abc"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/ledger/entries/-1"), 400, "ERR_INDEX_OUT_OF_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/entries/" + (size + 100)), 404, "ERR_ENTRY_NOT_FOUND");
		assertProblem(this.api.get("/api/v1/ledger/proof/inclusion?index=" + size + "&size=" + size), 400,
				"ERR_INDEX_OUT_OF_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/proof/inclusion?index=-1&size=" + size), 400,
				"ERR_INDEX_OUT_OF_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/proof/inclusion?index=0&size=" + (size + 1)), 400,
				"ERR_INVALID_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/proof/consistency?from=0&to=" + size), 400, "ERR_INVALID_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/proof/consistency?from=2&to=1"), 400, "ERR_INVALID_RANGE");
		assertProblem(this.api.get("/api/v1/ledger/proof/consistency?from=1&to=" + (size + 1)), 400,
				"ERR_INVALID_RANGE");
		assertThat(this.api.getWithoutToken("/api/v1/ledger/entries/0").status()).isEqualTo(401);
	}

	@Test
	void queriesFilterAndPageWithCursorsThatCannotBeForged() {
		String actor = unique("dave");
		String other = unique("erin");
		List<Long> mine = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			mine.add((Long) this.api.append(withResource(LedgerApi.event(actor, "q.read"), "secret", "s-" + actor))
				.get("index"));
			this.api.append(LedgerApi.event(other, "q.read"));
		}
		mine.add((Long) this.api.append(denied(LedgerApi.event(actor, "q.write"))).get("index"));

		List<Long> pages = new ArrayList<>();
		String path = "/api/v1/events?actor=" + actor + "&limit=2";
		Map<String, Object> page = this.api.get(path).json();
		int count = 0;
		while (true) {
			count++;
			pages.addAll(indexes(page));
			if (!page.containsKey("next")) {
				break;
			}
			page = this.api.get(path + "&cursor=" + page.get("next")).json();
		}
		assertThat(count).isEqualTo(3);
		List<Long> newestFirst = new ArrayList<>(mine);
		java.util.Collections.reverse(newestFirst);
		assertThat(pages).containsExactlyElementsOf(newestFirst);

		assertThat(indexes(this.api.get("/api/v1/events?actor=" + actor + "&order=oldest&limit=100").json()))
			.containsExactlyElementsOf(mine);
		assertThat(indexes(this.api.get("/api/v1/events?actor=" + actor + "&type=q.write").json()))
			.containsExactly(mine.get(5));
		assertThat(indexes(this.api.get("/api/v1/events?actor=" + actor + "&outcome=denied").json()))
			.containsExactly(mine.get(5));
		assertThat(
				indexes(this.api.get("/api/v1/events?resourceType=secret&resourceId=s-" + actor + "&limit=3").json()))
			.containsExactly(mine.get(4), mine.get(3), mine.get(2));
		assertThat(indexes(
				this.api.get("/api/v1/events?actor=" + actor + "&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z")
					.json()))
			.isEmpty();
		assertThat(indexes(this.api.get("/api/v1/events?actor=" + actor + "&from=2000-01-01T00:00:00Z").json()))
			.hasSize(6);

		String next = (String) this.api.get(path).json().get("next");
		char flipped = (next.charAt(5) == 'A') ? 'B' : 'A';
		String forged = next.substring(0, 5) + flipped + next.substring(6);
		assertProblem(this.api.get(path + "&cursor=" + forged), 400, "ERR_INVALID_CURSOR");
		assertProblem(this.api.get(path + "&cursor=garbage!"), 400, "ERR_INVALID_CURSOR");
		assertProblem(this.api.get("/api/v1/events?actor=" + other + "&limit=2&cursor=" + next), 400,
				"ERR_INVALID_CURSOR");
		assertProblem(this.api.get("/api/v1/events?from=2001-01-01T00:00:00Z&to=2000-01-01T00:00:00Z"), 400,
				"ERR_INVALID_RANGE");
		assertProblem(this.api.get("/api/v1/events?limit=0"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/events?limit=1001"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/events?from=yesterday"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/events?order=sideways"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/events?outcome=maybe"), 400, "ERR_VALIDATION");
	}

	@Test
	void csvExportHasAHeaderRowAndDisarmsFormulas() {
		String actor = unique("frank");
		this.api.append("{\"type\":\"csv.check\",\"actor\":{\"id\":\"" + actor
				+ "\",\"type\":\"user\"},\"reason\":\"=HYPERLINK(\\\"http://evil\\\")\",\"source\":{\"ip\":\"10.0.0.1\"}}");

		Response csv = this.api.get("/api/v1/events?actor=" + actor + "&format=csv");

		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		String[] lines = csv.body().split("\r\n");
		assertThat(lines[0]).isEqualTo("\"index\",\"id\",\"ts\",\"type\",\"actor_id\",\"actor_type\",\"action\","
				+ "\"resource_type\",\"resource_id\",\"outcome\",\"reason\",\"source_ip\",\"leaf_hash\",\"submitter_account\",\"submitter_credential\"");
		assertThat(lines).hasSize(2);
		assertThat(lines[1])
			.contains(",\"csv.check\",\"" + actor
					+ "\",\"user\",\"\",\"\",\"\",\"success\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"10.0.0.1\",")
			.endsWith(",\"admin\",\"token:" + tokenId() + "\"");

		// the export is on the ledger before its rows left: by the caller, with the rows
		// and the filter (what alert rule D6 counts)
		Response recorded = this.api.get("/api/v1/events?type=countersign_events_exported&limit=1");
		assertThat(recorded.body()).contains("\"action\":\"export\"", "\"actor\":{\"id\":\"admin\"", "\"via\":\"api\"",
				"\"rows\":1", "\"filter\":{\"actor\":\"" + actor + "\"}", "\"credential\":\"token:" + tokenId() + "\"");
		// a further page continues the same export; an empty page exports nothing
		String cursor = this.api.get("/api/v1/events?format=csv&limit=1").header("Countersign-Next-Cursor");
		int before = exportsRecorded();
		assertThat(this.api
			.get("/api/v1/events?format=csv&limit=1&cursor="
					+ java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8))
			.status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/events?type=countersign_events_exported&limit=1").body())
			.contains("\"continued\":true");
		assertThat(this.api.get("/api/v1/events?format=csv&actor=" + unique("nobody")).status()).isEqualTo(200);
		assertThat(exportsRecorded()).isEqualTo(before + 1);

		// a JSON page is a read, not an export
		int exports = exportsRecorded();
		assertThat(this.api.get("/api/v1/events?actor=" + actor).status()).isEqualTo(200);
		assertThat(exportsRecorded()).isEqualTo(exports);
	}

	private int exportsRecorded() {
		return ((List<?>) this.api.get("/api/v1/events?type=countersign_events_exported&limit=1000")
			.json()
			.get("events")).size();
	}

	@Test
	@SuppressWarnings("unchecked")
	void apiDocsDescribeTheReceiptsAnAppendAnswers() {
		Map<String, Object> docs = this.api.getWithoutToken("/v3/api-docs").json();

		Object created = member(docs, "paths", "/api/v1/events", "post", "responses", "201", "content",
				"application/json", "schema", "oneOf");
		assertThat(created.toString()).contains("#/components/schemas/Receipt").contains("array");
		assertThat((Map<String, Object>) member(docs, "components", "schemas", "Receipt", "properties"))
			.containsOnlyKeys("index", "leafHash", "id");
	}

	/**
	 * The id of the bootstrap token the tests call with (the admin has only that one).
	 */
	@SuppressWarnings("unchecked")
	private String tokenId() {
		List<Map<String, Object>> tokens = (List<Map<String, Object>>) this.api.get("/api/v1/me/tokens")
			.json()
			.get("items");
		assertThat(tokens).hasSize(1);
		return (String) tokens.get(0).get("id");
	}

	private static Object member(Map<String, Object> json, String... path) {
		Object value = json;
		for (String name : path) {
			assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
			value = ((Map<?, ?>) value).get(name);
		}
		return value;
	}

	static void assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.code()).as(response.body()).isEqualTo(code);
	}

	private static String withResource(String event, String type, String id) {
		return event.substring(0, event.length() - 1) + ",\"resource\":{\"type\":\"" + type + "\",\"id\":\"" + id
				+ "\"}}";
	}

	private static String denied(String event) {
		return event.substring(0, event.length() - 1) + ",\"outcome\":\"denied\",\"reason\":\"no\"}";
	}

	@SuppressWarnings("unchecked")
	static List<Long> indexes(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("events")).stream()
			.map((item) -> (Long) item.get("index"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	static List<Hash> hashes(Response proof) {
		return ((List<String>) proof.json().get("proof")).stream().map(Hash::fromBase64).toList();
	}

	static Checkpoint open(String note, VerifierKey key) {
		SignedNote signed = SignedNote.parse(note);
		assertThat(signed.verifiedBy(key)).as("checkpoint signature").isTrue();
		return Checkpoint.parse(signed.text());
	}

	static Set<Long> range(long from, long to) {
		return IntStream.range(0, (int) (to - from)).mapToObj((i) -> from + i).collect(Collectors.toSet());
	}

}
