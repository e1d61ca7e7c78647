package io.github.entraauth.livy;

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

	private static final String[] TIMEOUTS = { "entra.livy.session.ttl=10m",
			"entra.livy.session.server-idle-timeout=15m", "entra.livy.session.heartbeat-timeout=60s",
			"entra.livy.session.spark-conf.spark.executor.instances=2", "entra.livy.session.driver-memory=2g" };

	@ParameterizedTest
	@CsvSource({ "0.7.1-incubating, false, false", "0.8.0-incubating, true, false", "0.9.0-incubating, true, true",
			"<unknown>, false, false" })
	void sendsTtlAndIdleTimeoutOnlyToVersionsThatAcceptThem(String version, boolean ttl, boolean idleTimeout) {
		try (LivyEmulator emulator = LivyEmulator.apache().apacheVersion(version)) {
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator, TIMEOUTS))
				.run((context) -> {
					try (LivySession session = context.getBean(LivyService.class).startSession()) {
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
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator, "entra.livy.apache-version=0.8",
						"entra.livy.session.server-idle-timeout=15m"))
				.run((context) -> {
					context.getBean(LivyService.class).startSession().close();
					assertThat(emulator.requests("GET", "/version")).isEmpty();
					assertThat(emulator.requests("POST", "/sessions").get(0).body()).contains("\"ttl\":\"900s\"")
						.doesNotContain("idleTimeout");
				});
		}
	}

	@Test
	void sendsFabricOnlyTheFieldsOfItsSessionRequest() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator, TIMEOUTS))
				.withPropertyValues("entra.livy.session.tags.team=data")
				.run((context) -> {
					context.getBean(LivyService.class).startSession().close();
					String body = emulator.requests("POST", "/sessions").get(0).body();
					assertThat(body).contains("\"tags\":{\"team\":\"data\"}", "\"driverMemory\":\"2g\"")
						.doesNotContain("ttl", "idleTimeout", "heartbeat", "\"kind\"", "null");
				});
		}
	}

}
