package io.github.entraauth.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.test.redis.RedisConnectionInfo;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One application with three identities, one per integration (entra.kafka.credential.*, entra.redis.credential.*,
 * entra.livy.credential.*), each a client-secret app registration of its own: the Kafka broker, redis-server and
 * the Livy emulator each see the object id of their own identity, and none sees the default identity or another
 * integration's.
 */
class PerIntegrationIdentitiesTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final OAuthBearerKafkaBroker kafka;

	private static final RedisServer redis;

	private static final LivyEmulator livy;

	static {
		entra.registerSecretClient("default-app", "default-secret");
		entra.registerSecretClient("kafka-app", "kafka-secret");
		entra.registerSecretClient("redis-app", "redis-secret");
		entra.registerSecretClient("livy-app", "livy-secret");
		kafka = OAuthBearerKafkaBroker.builder(entra).topics("identities").start();
		redis = RedisServer.start().acceptTokensFrom(entra);
		livy = LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), "https://api.fabric.microsoft.com");
	}

	@AfterAll
	static void stop() {
		livy.close();
		redis.close();
		kafka.close();
		entra.close();
	}

	@Test
	void kafkaRedisAndLivyEachAuthenticateAsTheirOwnIdentity() throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>(
				EntraKafkaTestEnvironment.secretClient(entra, "default-app", "default-secret"));
		properties.putAll(EntraKafkaTestEnvironment.kafkaOverSsl(kafka));
		properties.put("entra.kafka.credential.client-id", "kafka-app");
		properties.put("entra.kafka.credential.client-secret", "kafka-secret");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("entra.redis.credential.client-id", "redis-app");
		properties.put("entra.redis.credential.client-secret", "redis-secret");
		properties.put("entra.livy.base-url", livy.baseUrl());
		properties.put("entra.livy.credential.client-id", "livy-app");
		properties.put("entra.livy.credential.client-secret", "livy-secret");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.run(EntraKafkaTestEnvironment.arguments(properties))) {
			context.getBean(KafkaTemplate.class).send("identities", "k", "v").get(30, TimeUnit.SECONDS);
			StringRedisTemplate redisTemplate = context.getBean(StringRedisTemplate.class);
			redisTemplate.opsForValue().set("identity", "redis");
			assertThat(redisTemplate.opsForValue().get("identity")).isEqualTo("redis");
			List<RedisConnectionInfo> redisConnections = redis.connections();
			context.getBean(LivyService.class).listSessions();
			String kafkaOid = entra.oidOf("kafka-app");
			String redisOid = entra.oidOf("redis-app");
			String livyOid = entra.oidOf("livy-app");
			assertThat(Set.of(kafkaOid, redisOid, livyOid, entra.oidOf("default-app"))).hasSize(4);
			assertThat(kafka.authenticatedPrincipals()).containsExactly(kafkaOid);
			assertThat(redisConnections).isNotEmpty().extracting(RedisConnectionInfo::user).containsOnly(redisOid);
			assertThat(redis.tokenUsers()).containsExactly(redisOid);
			assertThat(livy.requests()).isNotEmpty().extracting(RecordedLivyRequest::oid).containsOnly(livyOid);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
