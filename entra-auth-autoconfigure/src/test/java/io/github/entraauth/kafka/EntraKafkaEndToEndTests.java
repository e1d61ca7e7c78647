package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.credential.CredentialProperties;
import io.github.entraauth.credential.CredentialType;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.credential.TokenCredentialFactory;
import io.github.entraauth.test.entra.CertificateClient;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application whose producer, consumer, {@code KafkaAdmin} and Kafka Streams authenticate to a
 * real broker with Entra ID tokens (client secret) from the emulator, through the broker's JWKS-validating
 * OAUTHBEARER listener. The application only knows the SASL listener.
 */
@ExtendWith(ClosePeersAfterContextExtension.class)
@SpringBootTest(classes = EntraKafkaEndToEndTests.App.class)
@DirtiesContext
class EntraKafkaEndToEndTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final CertificateClient certificateClient;

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-app", "app-secret");
		certificateClient = entra.registerCertificateClient("kafka-second");
		kafka = OAuthBearerKafkaBroker.builder(entra).topics("greetings", "words", "shouted", "second").start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EntraKafkaTestEnvironment.secretClient(entra, "kafka-app", "app-secret").forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.kafka(kafka).forEach((k, v) -> registry.add(k, () -> v));
		registry.add("spring.kafka.consumer.group-id", () -> "e2e");
		registry.add("spring.kafka.streams.application-id", () -> "e2e-streams");
		registry.add("spring.kafka.streams.state-dir",
				() -> System.getProperty("java.io.tmpdir") + "/entra-kafka-streams-" + System.nanoTime());
		registry.add("spring.kafka.streams.cleanup.on-shutdown", () -> "true");
		registry.add("spring.kafka.streams.properties.default.key.serde",
				() -> "org.apache.kafka.common.serialization.Serdes$StringSerde");
		registry.add("spring.kafka.streams.properties.default.value.serde",
				() -> "org.apache.kafka.common.serialization.Serdes$StringSerde");
		registry.add("entra.kafka.extensions.logicalCluster", () -> "lkc-e2e");
		registry.add("entra.kafka.extensions.identityPoolId", () -> "pool-e2e");
	}

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private App app;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Test
	void kafkaTemplateSendsAndKafkaListenerReceivesThroughTheOAuthBearerListener() throws Exception {
		this.template.send("greetings", "k1", "hello entra").get(30, TimeUnit.SECONDS);
		ConsumerRecord<String, String> received = this.app.greetings.poll(60, TimeUnit.SECONDS);
		assertThat(received).isNotNull();
		assertThat(received.value()).isEqualTo("hello entra");
		assertThat(kafka.authenticatedPrincipals()).contains(entra.oidOf("kafka-app"));
		assertThat(entra.tokensIssued("https://localhost")).isPositive();
	}

	@Test
	void loginMetersCountTheTokensKafkaClientsAskedFor(@Autowired MeterRegistry registry, @Autowired KafkaLogins logins)
			throws Exception {
		this.template.send("login-meters", "k2", "counted").get(30, TimeUnit.SECONDS);
		double success = registry.get("entra.kafka.logins").tag("result", "success").functionCounter().count();
		assertThat(success).isPositive().isEqualTo((double) logins.succeeded());
		assertThat(registry.get("entra.kafka.logins").tag("result", "failure").functionCounter().count()).isZero();
	}

	@Test
	void saslExtensionsReachTheBroker() throws Exception {
		this.template.send("greetings", "k2", "with extensions").get(30, TimeUnit.SECONDS);
		assertThat(kafka.receivedExtensions()).isNotEmpty()
			.allSatisfy((extensions) -> assertThat(extensions).containsEntry("logicalCluster", "lkc-e2e")
				.containsEntry("identityPoolId", "pool-e2e"));
	}

	@Test
	void kafkaStreamsTopologyRunsThroughTheOAuthBearerListener() throws Exception {
		this.template.send("words", "w", "streams work").get(30, TimeUnit.SECONDS);
		ConsumerRecord<String, String> shouted = this.app.shouted.poll(90, TimeUnit.SECONDS);
		assertThat(shouted).isNotNull();
		assertThat(shouted.value()).isEqualTo("STREAMS WORK");
	}

	@Test
	void kafkaAdminCreatesTopicsThroughTheOAuthBearerListener() {
		assertThat(this.kafkaAdmin.getConfigurationProperties()).containsEntry("bootstrap.servers",
				List.of(kafka.saslBootstrapServers()));
		// created at startup from the NewTopic bean
		assertThat(this.kafkaAdmin.describeTopics("admin-created")).containsKey("admin-created");
		this.kafkaAdmin.createOrModifyTopics(TopicBuilder.name("admin-created-later").partitions(2).replicas(1).build());
		try (Admin plaintext = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.plaintextBootstrapServers()))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> plaintext.listTopics().names().get().containsAll(Set.of("admin-created", "admin-created-later")));
		}
	}

	@Test
	void twoClientsWithDifferentIdentitiesInOneApplicationEachAuthenticateAsTheirOwnIdentity(
			@Autowired EntraKafkaSaslConfigurer configurer, @Autowired TokenCredentialFactory credentials,
			@Autowired KafkaProperties kafkaProperties) throws Exception {
		CredentialProperties second = new CredentialProperties();
		second.setType(CredentialType.CLIENT_CERTIFICATE);
		second.setClientId(certificateClient.clientId());
		second.setCertificatePath(certificateClient.pemFile().toString());
		second.setTenantId(entra.tenantId());
		second.setAuthorityHost(entra.authorityHost());
		second.setInstanceDiscovery(false);
		second.setSslBundle("entra-emulator");
		EntraIdentity secondIdentity = credentials.create(second.toSettings(), "app.second.credential");
		Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
		config.put("bootstrap.servers", kafka.saslBootstrapServers());
		config.putAll(configurer.saslConfigs(config, "second producer", secondIdentity));
		this.template.send("greetings", "first", "from the first identity").get(30, TimeUnit.SECONDS);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("second", "second", "from the second identity")).get(30, TimeUnit.SECONDS);
		}
		assertThat(kafka.authenticatedPrincipals()).contains(entra.oidOf("kafka-app"), entra.oidOf("kafka-second"));
		assertThat(entra.requests()).anySatisfy((request) -> assertThat(request.clientId()).isEqualTo("kafka-second"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableKafka
	@EnableKafkaStreams
	static class App {

		final BlockingQueue<ConsumerRecord<String, String>> greetings = new LinkedBlockingQueue<>();

		final BlockingQueue<ConsumerRecord<String, String>> shouted = new LinkedBlockingQueue<>();

		@KafkaListener(topics = "greetings")
		void greeting(ConsumerRecord<String, String> record) {
			this.greetings.add(record);
		}

		@KafkaListener(topics = "shouted")
		void shouted(ConsumerRecord<String, String> record) {
			this.shouted.add(record);
		}

		@Bean
		KStream<String, String> shout(StreamsBuilder builder) {
			KStream<String, String> words = builder.stream("words");
			words.mapValues((value) -> value.toUpperCase(Locale.ROOT)).to("shouted");
			return words;
		}

		@Bean
		NewTopic adminCreated() {
			return TopicBuilder.name("admin-created").partitions(1).replicas(1).build();
		}

	}

}
