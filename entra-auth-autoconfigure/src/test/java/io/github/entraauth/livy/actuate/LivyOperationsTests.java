package io.github.entraauth.livy.actuate;

import java.time.Duration;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.StatementResult;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Livy health and meters against the Livy emulator: throttled waits, retries, statement
 * durations, open sessions, and DOWN once the server is gone.
 */
@SpringBootTest(properties = { "entra.redis.enabled=false", "management.health.redis.enabled=false",
		"entra.livy.auth=none", "entra.livy.retry.initial-backoff=50ms", "entra.livy.retry.max-attempts=3" })
class LivyOperationsTests {

	private static final LivyEmulator livy = LivyEmulator.apache().apacheVersion("0.8.0");

	@Autowired
	LivyService service;

	@Autowired
	MeterRegistry registry;

	@Autowired
	@Qualifier("livyHealthIndicator")
	HealthContributor health;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("entra.livy.base-url", livy::baseUrl);
	}

	@AfterAll
	static void stop() {
		livy.close();
	}

	@Test
	void metersCountThrottlingRetriesStatementsAndOpenSessions() {
		try (LivySession session = this.service.startSession()) {
			assertThat(gauge()).isEqualTo(1.0);
			livy.inject("GET", "/sessions/\\d+/statements/\\d+", 1, Fault.throttled(Duration.ofSeconds(1)));
			livy.inject("GET", "/sessions/\\d+/statements/\\d+", 1, Fault.status(503));
			StatementResult result = session.sql("SELECT 1 AS one");
			assertThat(result.table().rows()).hasSize(1);
			assertThat(this.registry.get("entra.livy.retries").tag("cause", "429").counter().count()).isEqualTo(1);
			assertThat(this.registry.get("entra.livy.retries").tag("cause", "503").counter().count()).isEqualTo(1);
			Timer throttled = this.registry.get("entra.livy.throttled.waits").tag("status", "429").timer();
			assertThat(throttled.count()).isEqualTo(1);
			assertThat(throttled.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);
			assertThat(this.registry.get("entra.livy.statements").tag("state", "available").timer().count())
				.isEqualTo(1);
			Status up = ((HealthIndicator) this.health).health().getStatus();
			assertThat(up).isEqualTo(Status.UP);
		}
		assertThat(gauge()).isZero();
	}

	@Test
	void healthIsDownWhileLivyFailsAndUpAgainAfter() {
		assertThat(((HealthIndicator) this.health).health().getStatus()).isEqualTo(Status.UP);
		// all three attempts of one health check's session listing fail
		livy.inject("GET", "/sessions", 3, Fault.status(500));
		Health down = ((HealthIndicator) this.health).health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails().get("error").toString()).contains("500");
		assertThat(((HealthIndicator) this.health).health().getStatus()).isEqualTo(Status.UP);
	}

	private double gauge() {
		return this.registry.get("entra.livy.sessions.open").gauge().value();
	}

	/** Not a @SpringBootApplication: scanning this package would pick up the auto-configuration's nested classes. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LivyOperationsApplication {

	}

}
