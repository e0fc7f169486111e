package io.countersign.server.alert.internal.detectors;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On H2: configuration overrides a rule's defaults, and a change through the API
 * overrides only the settings it names, the rest still following configuration.
 */
@TestPropertySource(properties = { "countersign.alerts.detectors.d1.threshold=7",
		"countersign.alerts.detectors.d1.window=30m", "countersign.alerts.detectors.d6.rows-threshold=50000" })
class H2DetectorSettingsTest extends H2ApplicationTest {

	@Test
	void configurationOverridesDefaultsAndTheApiOverridesWhatItNames() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		JsonNode items = ApiClient.json(admin.get("/api/v1/alerts/detectors")).get("items");
		assertThat(items.get(0).get("threshold").asLong()).isEqualTo(7);
		assertThat(items.get(0).get("window").asString()).isEqualTo("PT30M");
		assertThat(items.get(5).get("rowsThreshold").asLong()).isEqualTo(50_000);

		HttpResponse<String> changed = admin.send("PUT", "/api/v1/alerts/detectors/D1", "{\"severity\":\"LOW\"}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		HttpResponse<String> again = admin.send("PUT", "/api/v1/alerts/detectors/D1", "{\"window\":\"PT5M\"}");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);

		JsonNode d1 = ApiClient.json(admin.get("/api/v1/alerts/detectors")).get("items").get(0);
		assertThat(d1.get("severity").asString()).isEqualTo("LOW");
		assertThat(d1.get("window").asString()).isEqualTo("PT5M");
		assertThat(d1.get("threshold").asLong()).as("still from configuration").isEqualTo(7);
	}

}
