package io.github.entraauth.test.livy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import io.github.entraauth.test.entra.EntraEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's protocol, spoken to with a plain JDK HTTP client.
 */
class LivyEmulatorTests {

	@RegisterExtension
	static LivyEmulatorExtension apacheExtension = new LivyEmulatorExtension(LivyEmulator.Dialect.APACHE);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void apacheCreatesWith201AndLocationAndEnforcesCsrfUniqueNamesAndVersionFields(LivyEmulator livy)
			throws Exception {
		livy.apacheVersion("0.8.0-incubating").csrfProtection(true);
		assertThat(send(livy, "POST", "/sessions", "{\"name\":\"a\"}", false).statusCode()).isEqualTo(400);
		HttpResponse<String> created = send(livy, "POST", "/sessions", "{\"name\":\"a\",\"kind\":\"sql\"}", true);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).isEqualTo("/sessions/" + body(created).get("id").asString()));
		assertThat(body(created).get("state").asString()).isEqualTo("starting");
		HttpResponse<String> duplicate = send(livy, "POST", "/sessions", "{\"name\":\"a\"}", true);
		assertThat(duplicate.statusCode()).isEqualTo(400);
		assertThat(body(duplicate).get("msg").asString()).contains("Duplicate session name");
		HttpResponse<String> tooNew = send(livy, "POST", "/sessions", "{\"name\":\"b\",\"idleTimeout\":\"10m\"}", true);
		assertThat(tooNew.statusCode()).isEqualTo(400);
		assertThat(body(tooNew).get("msg").asString()).contains("Unrecognized field \"idleTimeout\"");
		assertThat(send(livy, "POST", "/sessions", "{\"name\":\"c\",\"ttl\":\"10m\"}", true).statusCode())
			.isEqualTo(201);
		assertThat(send(livy, "POST", "/sessions", "{\"name\":\"d\",\"conf\":null}", true).statusCode())
			.isEqualTo(400);
		assertThat(body(send(livy, "GET", "/version", null, true)).get("version").asString())
			.isEqualTo("0.8.0-incubating");
		livy.apacheVersion("0.9.0-incubating");
	}

	@Test
	void apacheStatementsGoThroughNullOutputBeforeTheResultAndPollingIsNotActivity(LivyEmulator livy)
			throws Exception {
		SteppedClock clock = new SteppedClock();
		livy.clock(clock).sessionIdleTimeout(Duration.ofMinutes(5));
		String id = body(send(livy, "POST", "/sessions", "{\"kind\":\"sql\"}", true)).get("id").asString();
		assertThat(body(send(livy, "GET", "/sessions/" + id, null, true)).get("state").asString()).isEqualTo("starting");
		assertThat(body(send(livy, "GET", "/sessions/" + id, null, true)).get("state").asString()).isEqualTo("idle");
		send(livy, "POST", "/sessions/" + id + "/statements", "{\"code\":\"select 7 as n\"}", true);
		String path = "/sessions/" + id + "/statements/0";
		JsonNode first = body(send(livy, "GET", path, null, true));
		assertThat(first.get("state").asString()).isEqualTo("running");
		JsonNode second = body(send(livy, "GET", path, null, true));
		assertThat(second.get("state").asString()).isEqualTo("available");
		assertThat(second.get("output").isNull()).isTrue();
		JsonNode third = body(send(livy, "GET", path, null, true));
		JsonNode data = third.get("output").get("data").get("application/json");
		assertThat(data.get("schema").get("fields").get(0).get("name").asString()).isEqualTo("n");
		assertThat(data.get("data").get(0).get(0).asInt()).isEqualTo(7);
		clock.advance(Duration.ofMinutes(4));
		send(livy, "GET", "/sessions/" + id, null, true);
		clock.advance(Duration.ofMinutes(2));
		assertThat(livy.expiredSessions()).doesNotContain(id);
		assertThat(send(livy, "GET", "/sessions/" + id, null, true).statusCode()).isEqualTo(404);
		assertThat(livy.expiredSessions()).contains(id);
		livy.sessionIdleTimeout(null).clock(Clock.systemUTC());
	}

	@Test
	void fabricAnswers202WithGuidsLagsCurrentStateAndPagesWithTopAndSkip() throws Exception {
		try (LivyEmulator livy = LivyEmulator.fabric()) {
			HttpResponse<String> created = send(livy, "POST", "/sessions", "{\"name\":\"f1\"}", false);
			assertThat(created.statusCode()).isEqualTo(202);
			String id = body(created).get("id").asString();
			assertThat(id).matches("[0-9a-f-]{36}");
			send(livy, "GET", "/sessions/" + id, null, false);
			JsonNode idle = body(send(livy, "GET", "/sessions/" + id, null, false));
			assertThat(idle.get("state").asString()).isEqualTo("idle");
			assertThat(idle.get("livyInfo").get("currentState").asString()).isEqualTo("Starting");
			HttpResponse<String> early = send(livy, "POST", "/sessions/" + id + "/statements", "{\"code\":\"1\"}", false);
			assertThat(early.statusCode()).isEqualTo(400);
			assertThat(body(early).get("errorCode").asString()).isEqualTo("SessionNotReady");
			assertThat(body(early).get("requestId").asString()).isNotBlank();
			JsonNode ready = body(send(livy, "GET", "/sessions/" + id, null, false));
			assertThat(ready.get("livyInfo").get("currentState").asString()).isEqualTo("Idle");
			send(livy, "POST", "/sessions", "{\"name\":\"f2\"}", false);
			JsonNode page = body(send(livy, "GET", "/sessions?$top=1&$skip=1", null, false));
			assertThat(page.get("items").size()).isEqualTo(1);
			assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("f2");
			assertThat(send(livy, "POST", "/sessions/" + id + "/reset-timeout", null, false).statusCode())
				.isEqualTo(204);
			assertThat(send(livy, "POST", "/sessions", "{\"name\":\"x\",\"conf\":\"spark.a=b\"}", false).statusCode())
				.isEqualTo(400);
		}
	}

	@Test
	void fabricInjectsThrottlingWithRetryAfterAndCapacityErrors() throws Exception {
		try (LivyEmulator livy = LivyEmulator.fabric()) {
			livy.inject("GET", "/sessions", 1, Fault.throttled(Duration.ofMillis(1500)));
			livy.inject("POST", "/sessions", 1, Fault.capacityExhausted());
			HttpResponse<String> throttled = send(livy, "GET", "/sessions", null, false);
			assertThat(throttled.statusCode()).isEqualTo(429);
			assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");
			HttpResponse<String> capacity = send(livy, "POST", "/sessions", "{}", false);
			assertThat(capacity.statusCode()).isEqualTo(430);
			assertThat(body(capacity).get("errorCode").asString()).isEqualTo("TooManyRequestsForCapacity");
			assertThat(livy.sessionIds()).isEmpty();
			assertThat(send(livy, "GET", "/sessions", null, false).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void validatesBearerTokensAndRecordsTheCaller() throws Exception {
		try (EntraEmulator entra = EntraEmulator.start();
				LivyEmulator livy = LivyEmulator.fabric()
					.requireBearer(URI.create(entra.jwksUrl()).toURL(), entra.issuer(),
							"https://api.fabric.microsoft.com")) {
			entra.registerSecretClient("caller", "s");
			String good = entra.mintAccessToken("caller", "https://api.fabric.microsoft.com/.default", Duration.ofMinutes(5));
			String expired = entra.mintAccessToken("caller", "https://api.fabric.microsoft.com", Duration.ZERO);
			String otherAudience = entra.mintAccessToken("caller", "api://other", Duration.ofMinutes(5));
			assertThat(sendWithToken(livy, null).statusCode()).isEqualTo(401);
			assertThat(sendWithToken(livy, expired).statusCode()).isEqualTo(401);
			assertThat(sendWithToken(livy, otherAudience).statusCode()).isEqualTo(401);
			assertThat(sendWithToken(livy, good).statusCode()).isEqualTo(200);
			RecordedLivyRequest last = livy.requests().get(3);
			assertThat(last.oid()).isEqualTo(entra.oidOf("caller"));
			assertThat(last.audience()).isEqualTo("https://api.fabric.microsoft.com");
			assertThat(livy.requests().subList(0, 3)).allMatch((request) -> request.oid() == null);
		}
	}

	private HttpResponse<String> sendWithToken(LivyEmulator livy, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(livy.baseUrl() + "/sessions")).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(LivyEmulator livy, String method, String path, String body, boolean csrf)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(livy.baseUrl() + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (csrf) {
			request.header("X-Requested-By", "test");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode body(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

}
