package io.countersign.server.alert;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.server.alert.internal.alerts.Alerts;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts as people use them, over real HTTP on each database: raised by the probe
 * detector from appended events, gathered per rule and subject for 60 minutes,
 * acknowledged and resolved with a reason on the ledger, and their evidence verified
 * offline by the ledger jar's entry point, a tampered copy rejected.
 */
abstract class AlertsContract {

	@LocalServerPort
	int port;

	@Autowired
	Alerts alerts;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MeterRegistry registry;

	@TempDir
	Path dir;

	ApiClient admin;

	@BeforeEach
	void admin() {
		this.admin = new ApiClient(this.port).withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	@Test
	void probeEventsRaiseOneAlertPerActorWithTheirEvidence() {
		String actor = "ivan-" + System.nanoTime();
		List<Long> probes = List.of(probe(actor), probe(actor), probe(actor));

		JsonNode alert = awaitAlert(actor, 3);

		assertThat(alert.get("rule").asString()).isEqualTo(ProbeDetector.RULE);
		assertThat(alert.get("title").asString()).isEqualTo("Probe events");
		assertThat(alert.get("severity").asString()).isEqualTo("HIGH");
		assertThat(alert.get("state").asString()).isEqualTo("OPEN");
		assertThat(alert.get("evidence").valueStream().map(JsonNode::asLong).toList()).isEqualTo(probes);
		// one ledger event for the opened alert, none for the added hits
		JsonNode raised = ApiClient.json(this.admin
			.get("/api/v1/events?type=alert_raised&resourceType=alert&resourceId=" + alert.get("id").asString()));
		assertThat(raised.get("events")).hasSize(1);
	}

	@Test
	void alertDetailProvesEveryCitedEntryUnderASignedCheckpoint() {
		String actor = "alice-" + System.nanoTime();
		long probe = probe(actor);
		String id = awaitAlert(actor, 1).get("id").asString();

		JsonNode detail = ApiClient.json(this.admin.get("/api/v1/alerts/" + id));

		JsonNode proof = detail.get("proof");
		Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(proof.get("checkpoint").asString()).text());
		assertThat(proof.get("entries")).hasSize(1);
		JsonNode entry = proof.get("entries").get(0);
		assertThat(entry.get("index").asLong()).isEqualTo(probe);
		assertThat(entry.get("event").get("type").asString()).isEqualTo(ProbeDetector.TYPE);
		List<Hash> path = new ArrayList<>();
		entry.get("auditPath").forEach((hash) -> path.add(Hash.fromBase64(hash.asString())));
		byte[] leaf = Base64.getDecoder().decode(entry.get("leaf").asString());
		assertThat(
				MerkleTree.verifyInclusion(Rfc6962.leafHash(leaf), probe, checkpoint.size(), path, checkpoint.root()))
			.isTrue();
		assertThat(SignedNote.parse(proof.get("checkpoint").asString())
			.verifiedBy(io.countersign.ledger.note.VerifierKey.parse(proof.get("verifierKey").asString()))).isTrue();
	}

	@Test
	void evidencePackageVerifiesOfflineAndATamperedCopyIsRejected() throws IOException {
		String actor = "bob-" + System.nanoTime();
		probe(actor);
		probe(actor);
		String id = awaitAlert(actor, 2).get("id").asString();
		String key = ApiClient.json(this.admin.get("/api/v1/alerts/" + id)).get("proof").get("verifierKey").asString();

		HttpResponse<byte[]> evidence = this.admin.getBytes("/api/v1/alerts/" + id + "/evidence");

		assertThat(evidence.statusCode()).isEqualTo(200);
		assertThat(evidence.headers().firstValue("Content-Type")).hasValue("application/zip");
		Path zip = Files.write(this.dir.resolve("alert.zip"), evidence.body());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(verify(zip, key, out)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INTACT: alert " + id);
		// the actor of the cited probe changed: the leaf no longer folds to the signed
		// root
		Path tampered = rewrite(zip, "alert-entries.jsonl", this::renameActorInLeaves);
		assertThat(verify(tampered, key, out)).isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("TAMPERED: INCLUSION_PROOF");
	}

	@Test
	void acknowledgeAndResolveNeedAReasonAreOnTheLedgerAndRefuseWrongTransitions() {
		String actor = "carol-" + System.nanoTime();
		probe(actor);
		String id = awaitAlert(actor, 1).get("id").asString();
		String path = "/api/v1/alerts/" + id;

		HttpResponse<String> noReason = this.admin.post(path + "/acknowledge", "application/json",
				"{\"reason\":\"  \"}");
		HttpResponse<String> acknowledged = this.admin.post(path + "/acknowledge", "application/json",
				"{\"reason\":\"Looking into it\"}");
		HttpResponse<String> again = this.admin.post(path + "/acknowledge", "application/json",
				"{\"reason\":\"Twice\"}");
		HttpResponse<String> resolved = this.admin.post(path + "/resolve", "application/json",
				"{\"reason\":\"Carol's test run\"}");
		HttpResponse<String> resolvedAgain = this.admin.post(path + "/resolve", "application/json",
				"{\"reason\":\"Once more\"}");
		HttpResponse<String> acknowledgeResolved = this.admin.post(path + "/acknowledge", "application/json",
				"{\"reason\":\"Late\"}");

		assertThat(noReason.statusCode()).isEqualTo(400);
		assertThat(code(noReason)).isEqualTo("ERR_VALIDATION");
		assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
		assertThat(ApiClient.json(acknowledged).get("state").asString()).isEqualTo("ACKNOWLEDGED");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(code(again)).isEqualTo("ERR_ALERT_STATE_TRANSITION");
		assertThat(ApiClient.json(resolved).get("state").asString()).isEqualTo("RESOLVED");
		assertThat(ApiClient.json(resolved).get("resolved").get("reason").asString()).isEqualTo("Carol's test run");
		assertThat(code(resolvedAgain)).isEqualTo("ERR_ALERT_STATE_TRANSITION");
		assertThat(code(acknowledgeResolved)).isEqualTo("ERR_ALERT_STATE_TRANSITION");
		JsonNode steps = ApiClient
			.json(this.admin.get("/api/v1/events?resourceType=alert&resourceId=" + id + "&order=oldest"));
		List<String> types = steps.get("events")
			.valueStream()
			.map((event) -> event.get("event").get("type").asString())
			.toList();
		assertThat(types).containsExactlyInAnyOrder("alert_raised", "alert_acknowledged", "alert_resolved");
		steps.get("events").forEach((event) -> {
			JsonNode leaf = event.get("event");
			if (leaf.get("type").asString().equals("alert_resolved")) {
				assertThat(leaf.get("reason").asString()).isEqualTo("Carol's test run");
				assertThat(leaf.get("actor").get("id").asString()).isEqualTo("admin");
			}
		});
		// a later probe opens a new alert: the resolved one gathers nothing more
		probe(actor);
		await().atMost(Duration.ofSeconds(60)).until(() -> alertsOf(actor).size() == 2);
	}

	@Test
	void hitsWithinSixtyMinutesAreGatheredAndALaterOneOpensANewAlert() {
		String subject = "actor:dedupe-" + System.nanoTime();
		Instant start = Instant.parse("2026-12-01T10:00:00Z");
		long index = probe("dedupe-source");

		String first = record(subject, index, start);
		String within = record(subject, index, start.plus(Duration.ofMinutes(59)));
		String stillWithin = record(subject, index, start.plus(Duration.ofMinutes(118)));
		String after = record(subject, index, start.plus(Duration.ofMinutes(118 + 61)));

		assertThat(within).isEqualTo(first);
		assertThat(stillWithin).as("60 minutes after the last hit, not the first").isEqualTo(first);
		assertThat(after).isNotEqualTo(first);
		assertThat(this.alerts.find(first).orElseThrow().hits()).isEqualTo(3);
		assertThat(this.alerts.find(after).orElseThrow().hits()).isEqualTo(1);
	}

	@Test
	void lagIsAGaugeAndShownByTheEngineEndpoint() {
		probe("lag-" + System.nanoTime());

		assertThat(this.registry.find("countersign.alerts.detection.lag.entries").gauge()).isNotNull();
		assertThat(this.registry.find("countersign.alerts.detection.lag.seconds").gauge()).isNotNull();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode engine = ApiClient.json(this.admin.get("/api/v1/alerts/engine"));
			return engine.get("lagEntries").asLong() == 0 && engine.get("leaseHeldHere").asBoolean();
		});
		JsonNode engine = ApiClient.json(this.admin.get("/api/v1/alerts/engine"));
		assertThat(engine.get("detectors").valueStream().map(JsonNode::asString)).contains(ProbeDetector.RULE);
		assertThat(engine.get("position").asLong()).isEqualTo(engine.get("head").asLong());
	}

	private String record(String subject, long index, Instant at) {
		ObservedEvent event = new ObservedEvent(index, at, ProbeDetector.TYPE, "user", "dedupe", Optional.empty(),
				Optional.empty(), Optional.empty(), "success", Optional.empty(), Map.of());
		Finding finding = new Finding(ProbeDetector.RULE, Severity.LOW, subject, "a hit at " + at, List.of(index));
		return this.transactions.execute((status) -> this.alerts.record(finding, "Probe events", event).alertId());
	}

	/** Appends one probe event by {@code actor}; returns its index. */
	long probe(String actor) {
		HttpResponse<String> answer = this.admin.post("/api/v1/events", "application/json",
				"{\"type\":\"" + ProbeDetector.TYPE + "\",\"actor\":{\"id\":\"" + actor + "\",\"type\":\"user\"}}");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return ApiClient.json(answer).get("index").asLong();
	}

	private List<JsonNode> alertsOf(String actor) {
		JsonNode page = ApiClient.json(this.admin.get("/api/v1/alerts?rule=" + ProbeDetector.RULE + "&limit=200"));
		return page.get("items")
			.valueStream()
			.filter((alert) -> alert.get("subject").asString().equals("actor:" + actor))
			.toList();
	}

	private JsonNode awaitAlert(String actor, long count) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> alertsOf(actor).stream().anyMatch((alert) -> alert.get("count").asLong() == count));
		return alertsOf(actor).get(0);
	}

	private static String code(HttpResponse<String> answer) {
		return ApiClient.json(answer).get("code").asString();
	}

	private static int verify(Path zip, String key, ByteArrayOutputStream out) {
		out.reset();
		return OfflineVerifier.run(new String[] { zip.toString(), "--key", key },
				new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
	}

	private String renameActorInLeaves(String lines) {
		StringBuilder changed = new StringBuilder();
		for (String line : lines.split("\n")) {
			String leaf = line.replaceAll(".*\"leaf\":\"([^\"]*)\".*", "$1");
			String text = new String(Base64.getDecoder().decode(leaf), StandardCharsets.UTF_8);
			String forged = Base64.getEncoder()
				.encodeToString(text.replace("\"id\":\"bob-", "\"id\":\"eve-").getBytes(StandardCharsets.UTF_8));
			changed.append(line.replace(leaf, forged)).append('\n');
		}
		return changed.toString();
	}

	private Path rewrite(Path zip, String name, java.util.function.UnaryOperator<String> change) throws IOException {
		Path copy = this.dir.resolve("tampered.zip");
		try (ZipFile source = new ZipFile(zip.toFile());
				ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(copy))) {
			for (ZipEntry entry : Collections.list(source.entries())) {
				String text = new String(source.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
				target.putNextEntry(new ZipEntry(entry.getName()));
				target
					.write((entry.getName().equals(name) ? change.apply(text) : text).getBytes(StandardCharsets.UTF_8));
				target.closeEntry();
			}
		}
		return copy;
	}

}
