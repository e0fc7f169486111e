package io.countersign.server.access.internal;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access API on the embedded H2 database: the same SQL works on both vendors. */
class H2AccessApiTest extends H2ApplicationTest {

	@Test
	void accountsRolesAndTokensWorkOnTheEmbeddedDatabase() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		AccessApi access = new AccessApi(admin);
		access.createUser("nina", "viewer");
		ApiClient asNina = access.as("nina");
		assertThat(asNina.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);

		HttpResponse<String> role = admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"reader\",\"description\":\"Reads\",\"permissions\":{\"users:read\":\"all\"}}");
		HttpResponse<String> scoped = admin.send("PUT", "/api/v1/roles/reader/permissions/events:read",
				"{\"scope\":\"own\"}");
		HttpResponse<String> granted = admin.send("PUT", "/api/v1/users/nina/roles/reader", "{}");
		HttpResponse<String> revoked = admin.send("DELETE", "/api/v1/users/nina/roles/viewer");
		HttpResponse<String> lastAdmin = admin.post("/api/v1/users/admin/archive", "application/json", "");
		HttpResponse<String> archived = admin.post("/api/v1/users/nina/archive", "application/json", "");

		assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		assertThat(ApiClient.json(scoped).get("permissions").get("events:read").asString()).isEqualTo("own");
		assertThat(granted.statusCode()).isEqualTo(200);
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(AccessApi.code(lastAdmin)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(archived.statusCode()).isEqualTo(200);
		assertThat(asNina.get("/api/v1/me").statusCode()).isEqualTo(401);
		assertThat(access.events("user_archived", "nina")).hasSize(1);
	}

}
