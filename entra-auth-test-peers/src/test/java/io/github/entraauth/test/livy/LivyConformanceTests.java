package io.github.entraauth.test.livy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Livy twins accept what independently written clients send to the real services: requests shaped like
 * seed 004's and pylivy's, neither of which sends {@code X-Requested-By} or leaves out Livy's {@code kind}.
 */
class LivyConformanceTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void apacheLivyNeedsNoCsrfHeaderByDefaultAsLivyItself() throws Exception {
		try (LivyEmulator livy = LivyEmulator.builder(LivyEmulator.Dialect.APACHE).start()) {
			HttpResponse<String> created = post(livy, "/sessions", "{\"kind\":\"pyspark\",\"name\":\"seed-004\"}", null);

			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String id = json(created).get("id").asString();
			HttpResponse<String> statement = post(livy, "/sessions/" + id + "/statements", "{\"code\":\"1 + 1\"}", null);
			assertThat(statement.statusCode()).as(statement.body()).isEqualTo(201);
		}
	}

	@Test
	void apacheLivyWithCsrfProtectionOnRefusesRequestsWithoutTheHeaderAsLivyDoes() throws Exception {
		try (LivyEmulator livy = LivyEmulator.builder(LivyEmulator.Dialect.APACHE).csrfProtection(true).start()) {
			HttpResponse<String> refused = post(livy, "/sessions", "{\"kind\":\"pyspark\"}", null);

			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(json(refused).get("msg").asString()).isEqualTo("Missing Required Header for CSRF protection.");
			assertThat(post(livy, "/sessions", "{\"kind\":\"pyspark\"}", "pylivy").statusCode()).isEqualTo(201);
		}
	}

	@Test
	void fabricAcceptsSeed004sSessionBodyAndIgnoresKind() throws Exception {
		try (LivyEmulator livy = LivyEmulator.builder(LivyEmulator.Dialect.FABRIC).start()) {
			HttpResponse<String> created = post(livy, "/sessions", """
					{"name": "seed-004", "kind": "pyspark", "archives": [], "pyFiles": [], "conf": {}}""", null);

			assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
			assertThat(json(created).get("name").asString()).isEqualTo("seed-004");
		}
	}

	@Test
	void fabricStillRefusesAFieldItUsesWithTheWrongType() throws Exception {
		try (LivyEmulator livy = LivyEmulator.builder(LivyEmulator.Dialect.FABRIC).start()) {
			HttpResponse<String> refused = post(livy, "/sessions", "{\"name\":\"x\",\"pyFiles\":\"a.py\"}", null);

			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(json(refused).get("message").asString()).contains("pyFiles");
		}
	}

	private HttpResponse<String> post(LivyEmulator livy, String path, String body, String requestedBy) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(livy.baseUrl() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (requestedBy != null) {
			request.header("X-Requested-By", requestedBy);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
