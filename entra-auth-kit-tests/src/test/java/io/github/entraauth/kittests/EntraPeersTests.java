package io.github.entraauth.kittests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.StatementResult;
import io.github.entraauth.test.boot.EntraPeers;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.test.redis.RedisServer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-line test kit of docs/testing.md ("One line: @EntraPeers"), as written there: the application gets its
 * Entra identity, Kafka, Redis and Livy from the local peers' service connections, with no property set.
 */
@SpringBootTest
@EntraPeers
class EntraPeersTests {

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ConsumerFactory<String, String> consumerFactory;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Autowired
	LivyService livyService;

	@Autowired
	OAuthBearerKafkaBroker kafka;

	@Autowired
	RedisServer redis;

	@Autowired
	LivyEmulator livy;

	@Autowired
	Environment environment;

	@Test
	void kafkaRecordsTravelOverSaslSslWithTheApplicationsTokens() throws Exception {
		this.kafkaTemplate.send("peer-orders", "acct-1", "1250").get();
		List<ConsumerRecord<String, String>> received = new ArrayList<>();
		Properties fromTheStart = new Properties();
		fromTheStart.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (Consumer<String, String> consumer = this.consumerFactory.createConsumer("peer-orders-check", null, null,
				fromTheStart)) {
			consumer.subscribe(List.of("peer-orders"));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received.isEmpty() && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500)).forEach(received::add);
			}
		}
		assertThat(received).extracting(ConsumerRecord::value).containsExactly("1250");
		assertThat(this.kafka.acceptedTokens()).isPositive();
		assertThat(this.kafka.rejectedTokens()).isZero();
	}

	@Test
	void redisAuthenticatesOverTlsAsTheTokensOid() {
		this.redisTemplate.opsForValue().set("acct-1", "1250");
		assertThat(this.redisTemplate.opsForValue().get("acct-1")).isEqualTo("1250");
		String user = this.redisTemplate
			.execute((RedisCallback<String>) (connection) -> new String((byte[]) connection.execute("ACL",
					"WHOAMI".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
		assertThat(this.redis.tls()).isTrue();
		assertThat(this.redis.tokenUsers()).contains(user);
	}

	@Test
	void livyRunsSqlOnFabricWithBearerTokensAndSurvivesThrottling() {
		this.livy.inject("POST", "/sessions", 1, Fault.throttled(Duration.ofSeconds(1)));
		try (LivySession session = this.livyService.startSession()) {
			StatementResult result = session.sql("SELECT 6 * 7 AS answer");
			assertThat(result.table().rows()).containsExactly(List.of(42));
		}
		assertThat(this.livy.requests("POST", "/sessions")).hasSize(2);
		assertThat(this.livy.requests()).extracting(RecordedLivyRequest::audience)
			.containsOnly("https://api.fabric.microsoft.com");
	}

	@Test
	void nothingComesFromProperties() {
		assertThat(this.environment.getProperty("entra.credential.client-id")).isNull();
		assertThat(this.environment.getProperty("entra.livy.base-url")).isNull();
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
		assertThat(this.environment.getProperty("spring.data.redis.port")).isNull();
	}

}
