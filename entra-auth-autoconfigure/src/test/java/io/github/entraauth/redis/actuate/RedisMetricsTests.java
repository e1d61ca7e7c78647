package io.github.entraauth.redis.actuate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisServer;
import io.lettuce.core.event.connection.ReauthenticationEvent;
import io.lettuce.core.event.connection.ReauthenticationFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis re-authentication meters count exactly what Lettuce reports, against a real
 * redis-server and short-lived emulator tokens.
 */
@SpringBootTest(properties = { "entra.token.refresh-before-expiry=3s", "spring.data.redis.client-name=metrics-app",
		"management.health.redis.enabled=false" })
class RedisMetricsTests {

	private static final EntraEmulator emulator = EntraEmulator.start();

	private static final RedisServer redis = RedisServer.start().acceptTokensFrom(emulator);

	@Autowired
	StringRedisTemplate template;

	@Autowired
	MeterRegistry registry;

	@Autowired
	ClientResources clientResources;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		emulator.registerSecretClient("metrics-app", "metrics-secret");
		emulator.tokenLifetime(Duration.ofSeconds(5));
		emulator.oidPerToken(true);
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		emulator.starterProperties("metrics-app", "metrics-secret").forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stop() {
		redis.close();
		emulator.close();
	}

	@Test
	void reauthenticationMetersMatchLettuceEvents() {
		AtomicLong succeeded = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		double successBefore = count("success");
		Disposable subscription = this.clientResources.eventBus().get().subscribe((event) -> {
			if (event instanceof ReauthenticationEvent) {
				succeeded.incrementAndGet();
			}
			else if (event instanceof ReauthenticationFailedEvent) {
				failed.incrementAndGet();
			}
		});
		try {
			this.template.opsForValue().set("k", "v");
			await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() >= 2);
			this.template.opsForValue().set("k", "w");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(count("success") - successBefore).isEqualTo(succeeded.get()));
			assertThat(count("failure")).isEqualTo(failed.get()).isZero();
			assertThat(this.registry.get("entra.redis.reconnects").functionCounter().count()).isZero();
			assertThat(this.registry.get("entra.redis.reauthentication.resends").functionCounter().count()).isZero();
			assertThat(this.registry.get("entra.redis.reauthentication.recovery.failures").functionCounter().count())
				.isZero();
			assertThat(this.registry.get("entra.token.fetches")
				.tag("scope", "https://redis.azure.com/.default")
				.tag("result", "success")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(2);
		}
		finally {
			subscription.dispose();
		}
	}

	private double count(String result) {
		return this.registry.get("entra.redis.reauthentications").tag("result", result).functionCounter().count();
	}

	/** Not a @SpringBootApplication: scanning this package would pick up the auto-configuration's nested classes. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MetricsApplication {

	}

}
