package io.github.entraauth.test.livy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pluggable SQL engine: H2 when none is on the classpath, sessions starting until the engine's session is ready
 * however often they are polled, sql statements run by the engine, and engine sessions and the engine closed with
 * the Livy session and the emulator.
 */
class SqlEngineTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void h2RunsSqlWhenNoEngineIsOnTheClasspath() {
		try (LivyEmulator livy = LivyEmulator.apache()) {
			assertThat(livy.sqlEngine()).isEqualTo("h2");
		}
	}

	@Test
	void sessionsStartWithTheEngineAndSqlRunsOnIt() throws Exception {
		RecordingEngine engine = new RecordingEngine();
		LivyEmulator livy = LivyEmulator.builder(LivyEmulator.Dialect.APACHE)
			.sessionStartPolls(0)
			.sqlEngine(engine)
			.start();
		try (livy) {
			assertThat(livy.sqlEngine()).isEqualTo("recording");
			String id = send(livy, "POST", "/sessions", "{\"kind\":\"sql\"}").get("id").asString();
			for (int i = 0; i < 3; i++) {
				assertThat(send(livy, "GET", "/sessions/" + id, null).get("state").asString()).isEqualTo("starting");
			}
			engine.started.set(true);
			assertThat(send(livy, "GET", "/sessions/" + id, null).get("state").asString()).isEqualTo("idle");
			send(livy, "POST", "/sessions/" + id + "/statements", "{\"code\":\"SELECT 1\",\"kind\":\"sql\"}");
			// the emulator's statements finish after a fixed number of polls
			JsonNode statement = send(livy, "GET", "/sessions/" + id + "/statements/0", null);
			for (int i = 0; i < 20 && statement.get("output").isNull(); i++) {
				statement = send(livy, "GET", "/sessions/" + id + "/statements/0", null);
			}
			assertThat(statement.get("state").asString()).isEqualTo("available");
			assertThat(statement.get("output").get("data").get("text/plain").asString()).isEqualTo("ran SELECT 1");
			send(livy, "DELETE", "/sessions/" + id, null);
			assertThat(engine.closedSessions).hasValue(1);
			assertThat(engine.closed).isFalse();
		}
		assertThat(engine.closed).isTrue();
	}

	private JsonNode send(LivyEmulator livy, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(livy.baseUrl() + path))
			.header("X-Requested-By", "test")
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isBetween(200, 299);
		return this.json.readTree(response.body());
	}

	private static final class RecordingEngine implements SqlEngine {

		final AtomicBoolean started = new AtomicBoolean();

		final AtomicInteger closedSessions = new AtomicInteger();

		final AtomicBoolean closed = new AtomicBoolean();

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public Session openSession(int rowCap) {
			return new Session() {

				@Override
				public boolean ready() {
					return RecordingEngine.this.started.get();
				}

				@Override
				public StatementOutput execute(String sql) {
					return StatementOutput.ok("ran " + sql);
				}

				@Override
				public void close() {
					RecordingEngine.this.closedSessions.incrementAndGet();
				}

			};
		}

		@Override
		public void close() {
			this.closed.set(true);
		}

	}

}
