package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The Event Hubs shape locally: every client Boot builds (KafkaTemplate, a KafkaListener, KafkaAdmin, Kafka
 * Streams) talks SASL_SSL (the starter's default protocol) to the broker's TLS listener, trusting its certificate
 * through a Spring SSL bundle (spring.kafka.ssl.bundle), and re-authenticates over TLS with short-lived tokens;
 * without the bundle the broker's self-signed certificate is not trusted and the TLS handshake fails.
 */
@ExtendWith(ClosePeersAfterContextExtension.class)
@SpringBootTest(classes = EntraKafkaSaslSslTests.App.class)
@DirtiesContext
class EntraKafkaSaslSslTests {

	private static final EntraEmulator entra = EntraEmulator.builder().tokenLifetime(Duration.ofSeconds(20)).start();

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-tls", "tls-secret");
		kafka = OAuthBearerKafkaBroker.builder(entra)
			.reauthentication(Duration.ofSeconds(3))
			.topics("tls-greetings", "tls-words", "tls-shouted")
			.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EntraKafkaTestEnvironment.secretClient(entra, "kafka-tls", "tls-secret").forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.kafkaOverSsl(kafka).forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.shortTokenRefresh().forEach((k, v) -> registry.add(k, () -> v));
		registry.add("spring.kafka.consumer.group-id", () -> "tls");
		registry.add("spring.kafka.streams.application-id", () -> "tls-streams");
		registry.add("spring.kafka.streams.state-dir",
				() -> System.getProperty("java.io.tmpdir") + "/entra-kafka-tls-streams-" + System.nanoTime());
		registry.add("spring.kafka.streams.cleanup.on-shutdown", () -> "true");
		registry.add("spring.kafka.streams.properties.default.key.serde",
				() -> "org.apache.kafka.common.serialization.Serdes$StringSerde");
		registry.add("spring.kafka.streams.properties.default.value.serde",
				() -> "org.apache.kafka.common.serialization.Serdes$StringSerde");
	}

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private App app;

	@Test
	void brokerOffersTheEventHubsShapeByDefault() {
		assertThat(kafka.securityProtocol().name).isEqualTo("SASL_SSL");
		assertThat(kafka.bootstrapServers()).isEqualTo(kafka.sslBootstrapServers())
			.isNotEqualTo(kafka.saslBootstrapServers());
		assertThat(kafka.springProperties("kafka-broker")).containsEntry("spring.kafka.security.protocol", "SASL_SSL")
			.containsEntry("spring.kafka.ssl.bundle", "kafka-broker")
			.containsEntry("spring.ssl.bundle.pem.kafka-broker.truststore.certificate", "file:" + kafka.trustCertificatePem());
	}

	@Test
	void templateListenerAndStreamsRoundTripOverSaslSslAndEachClientReauthenticates(
			@Autowired KafkaListenerEndpointRegistry listeners, @Autowired StreamsBuilderFactoryBean streams)
			throws Exception {
		this.template.send("tls-greetings", "first", "hello over TLS").get(30, TimeUnit.SECONDS);
		assertThat(this.app.greetings.poll(60, TimeUnit.SECONDS)).extracting(ConsumerRecord::value)
			.isEqualTo("hello over TLS");
		KafkaStreams kafkaStreams = streams.getKafkaStreams();
		assertThat(kafkaStreams).isNotNull();
		Map<MetricName, ? extends Metric> consumerMetrics = listeners.getListenerContainer("tls-greetings")
			.metrics()
			.values()
			.iterator()
			.next();
		// connections are only re-authenticated when used, so keep every client busy until each has been
		AtomicInteger sent = new AtomicInteger();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			this.template.send("tls-words", "w" + sent.incrementAndGet(), "busy " + sent.get());
			return reauthentications(this.template.metrics(), "producer-metrics") >= 1
					&& reauthentications(consumerMetrics, "consumer-metrics") >= 1
					&& reauthentications(kafkaStreams.metrics(), "consumer-metrics") >= 1
					&& reauthentications(kafkaStreams.metrics(), "producer-metrics") >= 1;
		});
		this.template.send("tls-words", "last", "still shouting").get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.app.shouted.stream().anyMatch((record) -> "STILL SHOUTING".equals(record.value())));
		this.template.send("tls-greetings", "second", "after re-authentication").get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.app.greetings.stream().anyMatch((record) -> "after re-authentication".equals(record.value())));
		for (Map<MetricName, ? extends Metric> metrics : List.of(this.template.metrics(), consumerMetrics,
				kafkaStreams.metrics())) {
			assertThat(EntraKafkaTestEnvironment.metric(metrics, "failed-reauthentication-total")).isZero();
			assertThat(EntraKafkaTestEnvironment.metric(metrics, "failed-authentication-total")).isZero();
		}
		// producer, listener consumer, streams consumer and producer: one authentication and one re-authentication each
		assertThat(kafka.acceptedTokens()).isGreaterThanOrEqualTo(8);
		assertThat(kafka.authenticatedPrincipals()).containsExactly(entra.oidOf("kafka-tls"));
		assertThat(kafka.rejectedTokens()).isZero();
	}

	@Test
	void kafkaAdminCreatesAndDescribesTopicsOverSaslSsl(@Autowired KafkaAdmin admin) {
		assertThat(admin.getConfigurationProperties()).containsEntry("bootstrap.servers",
				List.of(kafka.sslBootstrapServers()))
			.containsEntry("security.protocol", "SASL_SSL");
		int accepted = kafka.acceptedTokens();
		// created at startup from the NewTopic bean
		assertThat(admin.describeTopics("tls-admin-created")).containsKey("tls-admin-created");
		admin.createOrModifyTopics(TopicBuilder.name("tls-admin-later").partitions(1).replicas(1).build());
		assertThat(admin.describeTopics("tls-admin-later")).containsKey("tls-admin-later");
		assertThat(kafka.acceptedTokens()).isGreaterThan(accepted);
	}

	@Test
	void withoutTheSslBundleTheProducerFailsTheTlsHandshake() {
		Map<String, String> properties = new LinkedHashMap<>(
				EntraKafkaTestEnvironment.secretClient(entra, "kafka-tls", "tls-secret"));
		properties.putAll(EntraKafkaTestEnvironment.kafkaOverSsl(kafka));
		properties.remove("spring.kafka.ssl.bundle");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Untrusting.class)
			.web(WebApplicationType.NONE)
			.run(EntraKafkaTestEnvironment.arguments(properties))) {
			KafkaTemplate<?, ?> template = context.getBean(KafkaTemplate.class);
			Throwable failure = catchThrowable(() -> template.send("tls-greetings", null).get(30, TimeUnit.SECONDS));
			assertThat(failure).hasCauseInstanceOf(SslAuthenticationException.class);
		}
	}

	private static double reauthentications(Map<MetricName, ? extends Metric> metrics, String group) {
		return metrics.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().name().equals("successful-reauthentication-total")
					&& entry.getKey().group().equals(group) && !entry.getKey().tags().containsKey("node-id"))
			.mapToDouble((entry) -> ((Number) entry.getValue().metricValue()).doubleValue())
			.sum();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Untrusting {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableKafka
	@EnableKafkaStreams
	static class App {

		final BlockingQueue<ConsumerRecord<String, String>> greetings = new LinkedBlockingQueue<>();

		final BlockingQueue<ConsumerRecord<String, String>> shouted = new LinkedBlockingQueue<>();

		@KafkaListener(id = "tls-greetings", topics = "tls-greetings")
		void greeting(ConsumerRecord<String, String> record) {
			this.greetings.add(record);
		}

		@KafkaListener(topics = "tls-shouted")
		void shouted(ConsumerRecord<String, String> record) {
			this.shouted.add(record);
		}

		@Bean
		KStream<String, String> shout(StreamsBuilder builder) {
			KStream<String, String> words = builder.stream("tls-words");
			words.mapValues((value) -> value.toUpperCase(Locale.ROOT)).to("tls-shouted");
			return words;
		}

		@Bean
		NewTopic tlsAdminCreated() {
			return TopicBuilder.name("tls-admin-created").partitions(1).replicas(1).build();
		}

	}

}
