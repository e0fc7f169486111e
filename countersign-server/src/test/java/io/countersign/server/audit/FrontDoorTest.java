// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.server.audit.LedgerApi.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.countersign.server.audit.LedgerApiContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker and a new user tried at the front door (issue 14): hostile numbers,
 * CSV opened in a spreadsheet and read by a script, the OpenAPI document, misspelled
 * filters, an unencoded {@code +} and a JSON checkpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FrontDoorTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:front-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

	@LocalServerPort
	int port;

	LedgerApi api;

	@BeforeEach
	void client() {
		this.api = new LedgerApi(this.port);
	}

	@Test
	void aMillionDigitNumberIsRefusedWithoutAppending() {
		long before = this.api.size();
		String digits = "9".repeat(1_000_000);

		Response inDetails = this.api.post("/api/v1/events",
				"{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"details\":{\"n\":" + digits + "}}");
		Response fraction = this.api.post("/api/v1/events",
				"{\"type\":\"t\",\"actor\":{\"id\":\"a\",\"type\":\"user\"},\"details\":{\"n\":0." + digits + "}}");
		// bodies read by Jackson (accounts, roles) have the same bound
		Response toJackson = this.api.post("/api/v1/roles", "{\"name\":\"big\",\"description\":" + digits + "}");

		assertProblem(inDetails, 400, "ERR_MALFORMED_JSON");
		assertThat((String) inDetails.json().get("detail")).contains("number literal longer than 1000 characters");
		assertProblem(fraction, 400, "ERR_MALFORMED_JSON");
		assertProblem(toJackson, 400, "ERR_MALFORMED_JSON");
		assertThat(this.api.size()).isEqualTo(before);
	}

	@Test
	@SuppressWarnings("unchecked")
	void csvKeepsEveryHashAndValueExactAndNeutralisesFormulas() {
		String actor = "csv-" + UUID.randomUUID();
		List<String> hostile = List.of("=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tx", "\rx", "'quoted",
				"a;=HYPERLINK(\"http://evil\")", "x;;-y;'z", "plain; text", "semi;", "\"=quoted\"", "ends with ;");
		List<Object> events = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("type", "csv.check");
			event.put("actor", Map.of("id", actor, "type", "user"));
			event.put("resource", Map.of("type", "secret", "id", (i % 7 == 0) ? "-" + i : "r" + i));
			event.put("reason", hostile.get(i % hostile.size()));
			events.add(event);
		}
		assertThat(this.api.post("/api/v1/events", Json.write(events)).status()).isEqualTo(201);

		Response csv = this.api.get("/api/v1/events?actor=" + actor + "&order=oldest&limit=1000&format=csv");
		Map<String, Object> json = this.api.get("/api/v1/events?actor=" + actor + "&order=oldest&limit=1000").json();

		assertThat(csv.status()).isEqualTo(200);
		List<List<String>> rows = Rfc4180.parse(csv.body());
		assertThat(rows.get(0)).containsExactly("index", "id", "ts", "type", "actor_id", "actor_type", "action",
				"resource_type", "resource_id", "outcome", "reason", "source_ip", "leaf_hash", "submitter_account",
				"submitter_credential");
		assertThat(csv.body()).startsWith("\"index\",\"id\",");
		List<Map<String, Object>> items = (List<Map<String, Object>>) json.get("events");
		assertThat(rows).hasSize(items.size() + 1);
		assertThat(items).hasSize(300);
		for (int i = 0; i < items.size(); i++) {
			List<String> row = rows.get(i + 1);
			Map<String, Object> item = items.get(i);
			Map<String, Object> event = (Map<String, Object>) item.get("event");
			assertThat(Long.parseLong(row.get(0))).isEqualTo(item.get("index"));
			assertThat(HexFormat.of().parseHex(row.get(12))).as("leaf hash of %s", item.get("index"))
				.isEqualTo(Base64.getDecoder().decode((String) item.get("leafHash")));
			assertThat(unneutralised(row.get(10))).isEqualTo(event.get("reason"));
			assertThat(unneutralised(row.get(8))).isEqualTo(((Map<String, Object>) event.get("resource")).get("id"));
			for (String cell : row) {
				assertThat(formulaStart(cell)).as("cell %s", cell).isFalse();
			}
		}
		assertThat(csv.body()).contains("\"'=1+1\"", "\"a;'=HYPERLINK(\"\"http://evil\"\")\"", "\"x;;'-y;''z\"",
				"\"''quoted\"", "\"'-0\"");
	}

	/**
	 * What a script does to read a cell exactly: drop the apostrophe in front of the
	 * start and after each semicolon.
	 */
	private static String unneutralised(String cell) {
		String text = cell.startsWith("'") ? cell.substring(1) : cell;
		return text.replace(";'", ";");
	}

	/**
	 * Whether a spreadsheet would read the cell, or a part after a semicolon, as a
	 * formula.
	 */
	private static boolean formulaStart(String cell) {
		for (String part : cell.split(";", -1)) {
			if (!part.isEmpty() && "=+-@\t\r".indexOf(part.charAt(0)) >= 0) {
				return true;
			}
		}
		return false;
	}

	@Test
	@SuppressWarnings("unchecked")
	void apiDocsDescribeTheAppendBodyAndLeaveOutTheErrorPage() {
		Map<String, Object> docs = this.api.getWithoutToken("/v3/api-docs").json();
		Map<String, Object> paths = (Map<String, Object>) docs.get("paths");
		Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/events"))
			.get("post");
		Map<String, Object> body = (Map<String, Object>) post.get("requestBody");

		assertThat(body).containsEntry("required", true);
		Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) body
			.get("content")).get("application/json")).get("schema");
		assertThat(schema.get("oneOf").toString()).contains("#/components/schemas/NewEvent").contains("array");
		Map<String, Object> newEvent = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) docs
			.get("components")).get("schemas")).get("NewEvent");
		assertThat((Map<String, Object>) newEvent.get("properties")).containsOnlyKeys("type", "actor", "action",
				"resource", "outcome", "reason", "source", "links", "details");
		assertThat((List<String>) newEvent.get("required")).containsExactlyInAnyOrder("type", "actor");
		assertThat(paths).doesNotContainKey("/error");
	}

	@Test
	void unknownQueryParametersAreRefusedByName() {
		String actor = "alice-" + UUID.randomUUID();
		this.api.append(LedgerApi.event(actor, "q.misspelled"));

		Response misspelled = this.api.get("/api/v1/events?actr=" + actor);
		Response two = this.api.get("/api/v1/events?actor=" + actor + "&limt=5&sort=asc");

		assertProblem(misspelled, 400, "ERR_VALIDATION");
		assertThat((String) misspelled.json().get("detail")).contains("unknown query parameter actr").contains("actor");
		assertProblem(two, 400, "ERR_VALIDATION");
		assertThat((String) two.json().get("detail")).contains("limt, sort");
		assertProblem(this.api.get("/api/v1/ledger/proof/inclusion?index=0&size=1&sise=2"), 400, "ERR_VALIDATION");
		assertProblem(this.api.get("/api/v1/ledger/proof/consistency?from=1&to=2&frm=1"), 400, "ERR_VALIDATION");
		assertThat(LedgerApiContract.indexes(this.api.get("/api/v1/events?actor=" + actor).json())).hasSize(1);
	}

	@Test
	void aTimeWithAnUnencodedPlusIsReadAsThatOffset() {
		String actor = "plus-" + UUID.randomUUID();
		this.api.append(LedgerApi.event(actor, "q.time"));

		// as typed in a shell: the + arrives as a space
		Response unencoded = this.api.get("/api/v1/events?actor=" + actor + "&from=2000-01-01T00:00:00+00:00");
		Response encoded = this.api.get("/api/v1/events?actor=" + actor + "&from=2000-01-01T00:00:00%2B00:00");
		Response future = this.api.get("/api/v1/events?actor=" + actor + "&from=2999-01-01T00:00:00.5+01:00");

		assertThat(unencoded.status()).as(unencoded.body()).isEqualTo(200);
		assertThat(LedgerApiContract.indexes(unencoded.json())).hasSize(1);
		assertThat(LedgerApiContract.indexes(encoded.json())).hasSize(1);
		assertThat(LedgerApiContract.indexes(future.json())).isEmpty();
		Response bad = this.api.get("/api/v1/events?from=2000-01-01+00:00");
		assertProblem(bad, 400, "ERR_VALIDATION");
		assertThat((String) bad.json().get("detail")).contains("%2B");
	}

	@Test
	void theCheckpointIsServedAsJsonWhenAskedForAndAsTheNoteOtherwise() throws Exception {
		String note = this.api.cutCheckpoint();

		HttpResponse<String> json = get("/api/v1/ledger/checkpoint", "application/json");
		HttpResponse<String> text = get("/api/v1/ledger/checkpoint", "text/plain");
		HttpResponse<String> any = get("/api/v1/ledger/checkpoint", "*/*");
		HttpResponse<String> xml = get("/api/v1/ledger/checkpoint", "application/xml");

		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("application/json"));
		@SuppressWarnings("unchecked")
		Map<String, Object> body = (Map<String, Object>) Json.parse(json.body());
		String served = (String) body.get("note");
		Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(served).text());
		assertThat(body).containsEntry("origin", checkpoint.origin())
			.containsEntry("size", checkpoint.size())
			.containsEntry("root", checkpoint.root().base64());
		assertThat(checkpoint.size()).isGreaterThanOrEqualTo(Checkpoint.parse(SignedNote.parse(note).text()).size());
		assertThat(text.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/plain"));
		assertThat(text.body()).startsWith(checkpoint.origin() + "\n");
		assertThat(any.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/plain"));
		assertThat(xml.statusCode()).isEqualTo(406);
		assertThat(xml.body()).contains("ERR_NOT_ACCEPTABLE").contains("application/json").contains("text/plain");
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + LedgerApi.TOKEN)
				.header("Accept", accept)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/** A strict reader of RFC 4180 CSV, as a script would use. */
	static final class Rfc4180 {

		static List<List<String>> parse(String text) {
			List<List<String>> rows = new ArrayList<>();
			List<String> row = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (quoted) {
					if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					}
					else if (c == '"') {
						quoted = false;
					}
					else {
						cell.append(c);
					}
				}
				else if (c == '"') {
					quoted = true;
				}
				else if (c == ',') {
					row.add(cell.toString());
					cell.setLength(0);
				}
				else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					row.add(cell.toString());
					cell.setLength(0);
					rows.add(row);
					row = new ArrayList<>();
					i++;
				}
				else {
					cell.append(c);
				}
			}
			assertThat(quoted).as("unterminated quoted cell").isFalse();
			assertThat(row).as("a last row without CRLF").isEmpty();
			return rows;
		}

	}

}
