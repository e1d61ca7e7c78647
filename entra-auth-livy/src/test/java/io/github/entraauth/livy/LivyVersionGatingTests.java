package io.github.entraauth.livy;

import java.time.Duration;
import java.util.Map;

import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Create-session fields follow the Apache Livy version (configured or read from
 * {@code GET /version}): the emulator answers 400 to any field its version does not know, so a
 * session that starts proves nothing rejected was sent.
 */
class LivyVersionGatingTests {

	private static final SparkResources RESOURCES = SparkResources.none()
		.withConf("spark.executor.instances", "2")
		.withDriver("2g", null);

	private static final SessionDefaults TIMEOUTS = timeouts(Map.of());

	@ParameterizedTest
	@CsvSource({ "0.7.1-incubating, false, false", "0.8.0-incubating, true, false", "0.9.0-incubating, true, true",
			"<unknown>, false, false" })
	void sendsTtlAndIdleTimeoutOnlyToVersionsThatAcceptThem(String version, boolean ttl, boolean idleTimeout) {
		try (LivyEmulator emulator = LivyEmulator.apache().apacheVersion(version)) {
			LivyTestServices.run(emulator, (builder) -> builder.sessionDefaults(TIMEOUTS), (livy) -> {
					try (LivySession session = livy.startSession()) {
						assertThat(session.state()).isEqualTo("idle");
					}
					RecordedLivyRequest create = emulator.requests("POST", "/sessions").get(0);
					assertThat(create.status()).isEqualTo(201);
					assertThat(create.body()).contains("\"heartbeatTimeoutInSecond\":60", "\"driverMemory\":\"2g\"",
							"\"spark.executor.instances\":\"2\"").doesNotContain("null");
					assertThat(create.body().contains("\"ttl\"")).isEqualTo(ttl);
					assertThat(create.body().contains("\"idleTimeout\"")).isEqualTo(idleTimeout);
					if (ttl) {
						assertThat(create.body()).contains("\"ttl\":\"600s\"");
					}
					if (idleTimeout) {
						assertThat(create.body()).contains("\"idleTimeout\":\"900s\"");
					}
					assertThat(emulator.requests("GET", "/version")).hasSize(1);
				});
		}
	}

	@Test
	void usesTheConfiguredVersionWithoutAskingTheServerAndSendsTheIdleTimeoutAsTtlTo08() {
		try (LivyEmulator emulator = LivyEmulator.apache().apacheVersion("0.8.0-incubating")) {
			SessionDefaults idle = new SessionDefaults("test-", "pyspark", SparkResources.none(), Map.of(), null,
					Duration.ofMinutes(15), null, Duration.ZERO, Duration.ZERO);
			LivyTestServices.run(emulator, (builder) -> builder.apacheVersion("0.8").sessionDefaults(idle), (livy) -> {
					livy.startSession().close();
					assertThat(emulator.requests("GET", "/version")).isEmpty();
					assertThat(emulator.requests("POST", "/sessions").get(0).body()).contains("\"ttl\":\"900s\"")
						.doesNotContain("idleTimeout");
				});
		}
	}

	private static SessionDefaults timeouts(Map<String, String> tags) {
		return new SessionDefaults("test-", "pyspark", RESOURCES, tags, Duration.ofMinutes(10), Duration.ofMinutes(15),
				Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO);
	}

	@Test
	void sendsFabricOnlyTheFieldsOfItsSessionRequest() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator, (builder) -> builder.sessionDefaults(timeouts(Map.of("team", "data"))),
					(livy) -> {
					livy.startSession().close();
					String body = emulator.requests("POST", "/sessions").get(0).body();
					assertThat(body).contains("\"tags\":{\"team\":\"data\"}", "\"driverMemory\":\"2g\"")
						.doesNotContain("ttl", "idleTimeout", "heartbeat", "\"kind\"", "null");
				});
		}
	}

}
