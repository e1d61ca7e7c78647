package io.github.entraauth.apptests;

import java.time.Duration;
import java.util.List;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.StatementResult;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of docs/testing.md ("A @SpringBootTest against all of them"), as written there: if the guide stops
 * working, this test fails. Its peers are left open: at JVM exit they stop after Spring closed the application.
 */
@SpringBootTest
class OrderFlowTests {

	static final EntraEmulator entra = EntraEmulator.start();

	static final OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra).topics("orders").start();

	static final RedisServer redis = RedisServer.start().acceptTokensFrom(entra).enforceTokenExpiry(true);

	static final LivyEmulator livy = LivyEmulator.fabric()
		.requireBearer(entra.publicJwks(), entra.issuer(), "https://api.fabric.microsoft.com");

	@DynamicPropertySource
	static void peers(DynamicPropertyRegistry registry) {
		entra.registerSecretClient("my-app", "test-secret");
		entra.starterProperties("my-app", "test-secret").forEach((name, value) -> registry.add(name, () -> value));
		kafka.springProperties("kafka").forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("entra.livy.base-url", livy::baseUrl);
	}

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Autowired
	LivyService livyService;

	@Test
	void everyPeerAcceptsTheApplicationsTokens() throws Exception {
		this.kafkaTemplate.send("orders", "acct-1", "1250").get();
		this.redisTemplate.opsForValue().set("acct-1", "1250");
		livy.inject("POST", "/sessions", 1, Fault.throttled(Duration.ofSeconds(1)));
		try (LivySession session = this.livyService.startSession()) {
			StatementResult result = session.sql("SELECT 6 * 7 AS answer");
			assertThat(result.table().rows()).containsExactly(List.of(42));
		}
		assertThat(kafka.authenticatedPrincipals()).as("the broker validated the token").isNotEmpty();
		assertThat(this.redisTemplate.opsForValue().get("acct-1")).isEqualTo("1250");
		assertThat(livy.requests("POST", "/sessions")).extracting("status").containsExactly(429, 202);
	}

}
