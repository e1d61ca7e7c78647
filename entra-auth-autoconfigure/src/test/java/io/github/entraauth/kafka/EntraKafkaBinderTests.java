package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Cloud Stream application on the real Kafka binder: a Function binding and a Consumer binding run
 * through the broker's OAUTHBEARER listener, which is the only listener the application knows. The application
 * has its own binder customizers too; the binder applies them and the starter's.
 */
@ExtendWith(ClosePeersAfterContextExtension.class)
@SpringBootTest(classes = EntraKafkaBinderTests.App.class)
@DirtiesContext
class EntraKafkaBinderTests {

	private static final String USER_SETTING = "metadata.max.age.ms";

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-binder", "binder-secret");
		kafka = OAuthBearerKafkaBroker.builder(entra).topics("binder-in", "binder-out").start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EntraKafkaTestEnvironment.secretClient(entra, "kafka-binder", "binder-secret")
			.forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.kafka(kafka).forEach((k, v) -> registry.add(k, () -> v));
		registry.add("spring.cloud.stream.kafka.binder.brokers", kafka::saslBootstrapServers);
		registry.add("spring.cloud.stream.kafka.binder.configuration.security.protocol", () -> "SASL_PLAINTEXT");
		// the binder moves byte arrays; the String (de)serializers are for the test's own KafkaTemplate
		String bytes = "org.apache.kafka.common.serialization.ByteArray";
		registry.add("spring.cloud.stream.kafka.binder.producer-properties.key.serializer", () -> bytes + "Serializer");
		registry.add("spring.cloud.stream.kafka.binder.producer-properties.value.serializer", () -> bytes + "Serializer");
		registry.add("spring.cloud.stream.kafka.binder.consumer-properties.key.deserializer", () -> bytes + "Deserializer");
		registry.add("spring.cloud.stream.kafka.binder.consumer-properties.value.deserializer",
				() -> bytes + "Deserializer");
		registry.add("spring.cloud.function.definition", () -> "shout;collect");
		registry.add("spring.cloud.stream.bindings.shout-in-0.destination", () -> "binder-in");
		registry.add("spring.cloud.stream.bindings.shout-in-0.group", () -> "binder-shout");
		registry.add("spring.cloud.stream.bindings.shout-out-0.destination", () -> "binder-out");
		registry.add("spring.cloud.stream.bindings.collect-in-0.destination", () -> "binder-out");
		registry.add("spring.cloud.stream.bindings.collect-in-0.group", () -> "binder-collect");
		registry.add("spring.cloud.stream.kafka.bindings.shout-in-0.consumer.start-offset", () -> "earliest");
		registry.add("spring.cloud.stream.kafka.bindings.collect-in-0.consumer.start-offset", () -> "earliest");
	}

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private App app;

	@Test
	void functionAndConsumerBindingsRunThroughTheOAuthBearerListener() throws Exception {
		this.template.send("binder-in", "k", "through the binder").get(60, TimeUnit.SECONDS);
		assertThat(this.app.collected.poll(120, TimeUnit.SECONDS)).isEqualTo("THROUGH THE BINDER");
		assertThat(kafka.authenticatedPrincipals()).contains(entra.oidOf("kafka-binder"));
	}

	@Test
	void theApplicationsOwnBinderCustomizersAndTheStartersBothApply() throws Exception {
		this.template.send("binder-in", "k2", "customized").get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(120))
			.until(() -> !this.app.producerConfigs.isEmpty() && this.app.consumerConfigs.size() >= 2);
		for (Map<String, Object> config : this.app.allConfigs()) {
			// the maps are the binder's own, so they show what the starter's customizer added after the user's
			assertThat(config).containsEntry(USER_SETTING, "120000")
				.containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER")
				.containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class)
				.containsKey(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		final BlockingQueue<String> collected = new LinkedBlockingQueue<>();

		final List<Map<String, Object>> producerConfigs = new CopyOnWriteArrayList<>();

		final List<Map<String, Object>> consumerConfigs = new CopyOnWriteArrayList<>();

		List<Map<String, Object>> allConfigs() {
			List<Map<String, Object>> all = new CopyOnWriteArrayList<>(this.producerConfigs);
			all.addAll(this.consumerConfigs);
			return all;
		}

		@Bean
		Function<String, String> shout() {
			return (value) -> value.toUpperCase(Locale.ROOT);
		}

		@Bean
		Consumer<String> collect() {
			return this.collected::add;
		}

		@Bean
		ProducerConfigCustomizer applicationProducerConfigCustomizer() {
			return (config, binding, destination) -> {
				config.put(USER_SETTING, "120000");
				this.producerConfigs.add(config);
			};
		}

		@Bean
		ConsumerConfigCustomizer applicationConsumerConfigCustomizer() {
			return (config, binding, destination) -> {
				config.put(USER_SETTING, "120000");
				this.consumerConfigs.add(config);
			};
		}

	}

}
