package io.github.entraauth.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.test.entra.CertificateClient;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Applications with a client-certificate identity, and with tokens the broker must reject (wrong audience,
 * another tenant), against one OAUTHBEARER broker that trusts one emulated tenant.
 */
class EntraKafkaCredentialsAndFailuresTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final EntraEmulator otherTenant = EntraEmulator.start();

	private static final CertificateClient certificateClient = entra.registerCertificateClient("kafka-cert-app");

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-app", "app-secret");
		otherTenant.registerSecretClient("kafka-app", "app-secret");
		kafka = OAuthBearerKafkaBroker.builder(entra).topics("certificates", "rejected").start();
	}

	@AfterAll
	static void stop() {
		kafka.close();
		otherTenant.close();
		entra.close();
	}

	@Test
	void clientCertificateIdentitySendsWithKafkaTemplateAndReceivesWithKafkaListener() throws Exception {
		Map<String, Object> properties = new HashMap<>(EntraKafkaTestEnvironment.certificateClient(entra, certificateClient));
		properties.put("spring.kafka.consumer.group-id", "certificates");
		try (ConfigurableApplicationContext context = run(ListeningApp.class, properties)) {
			context.getBean(KafkaTemplate.class).send("certificates", "k", "signed with a certificate").get(30, TimeUnit.SECONDS);
			ConsumerRecord<?, ?> received = context.getBean(ListeningApp.class).received.poll(60, TimeUnit.SECONDS);
			assertThat(received).isNotNull();
			assertThat(received.value()).isEqualTo("signed with a certificate");
		}
		assertThat(kafka.authenticatedPrincipals()).contains(entra.oidOf("kafka-cert-app"));
	}

	@Test
	void tokenForTheWrongAudienceFailsWithSaslAuthenticationException() {
		Map<String, Object> properties = new HashMap<>(EntraKafkaTestEnvironment.secretClient(entra, "kafka-app", "app-secret"));
		properties.put("entra.kafka.scope", "api://not-this-kafka/.default");
		int rejectedBefore = kafka.rejectedTokens();
		try (ConfigurableApplicationContext context = run(SendingApp.class, properties)) {
			Throwable failure = catchThrowable(
					() -> context.getBean(KafkaTemplate.class).send("rejected", "k", "v").get(60, TimeUnit.SECONDS));
			assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
			assertThat(NestedExceptionUtils.getRootCause(failure))
				.hasMessageContaining("invalid_token");
		}
		assertThat(entra.tokensIssued("api://not-this-kafka")).isPositive();
		assertThat(kafka.rejectedTokens()).isGreaterThan(rejectedBefore);
	}

	@Test
	void tokenFromAnotherTenantFailsWithSaslAuthenticationException() {
		Map<String, Object> properties = new HashMap<>(
				EntraKafkaTestEnvironment.secretClient(otherTenant, "kafka-app", "app-secret"));
		int rejectedBefore = kafka.rejectedTokens();
		try (ConfigurableApplicationContext context = run(SendingApp.class, properties)) {
			Throwable failure = catchThrowable(
					() -> context.getBean(KafkaTemplate.class).send("rejected", "k", "v").get(60, TimeUnit.SECONDS));
			assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
		}
		assertThat(otherTenant.tokensIssued("https://localhost")).isPositive();
		assertThat(kafka.rejectedTokens()).isGreaterThan(rejectedBefore);
	}

	@Test
	void credentialEntraRejectsFailsClientCreationWithAnErrorNamingScopeAndIdentityButNoSecret() {
		Map<String, Object> properties = new HashMap<>(
				EntraKafkaTestEnvironment.secretClient(entra, "kafka-app", "not-the-secret"));
		try (ConfigurableApplicationContext context = run(SendingApp.class, properties)) {
			Throwable failure = catchThrowable(
					() -> context.getBean(KafkaTemplate.class).send("rejected", "k", "v").get(60, TimeUnit.SECONDS));
			assertThat(failure).hasStackTraceContaining("Failed to construct kafka producer")
				.hasStackTraceContaining("javax.security.auth.login.LoginException")
				.hasStackTraceContaining("https://localhost/.default")
				.hasStackTraceContaining("kafka-app")
				.satisfies((thrown) -> assertThat(Throwables.getStackTrace(thrown))
					.doesNotContain("not-the-secret"));
		}
	}

	private static ConfigurableApplicationContext run(Class<?> app, Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(EntraKafkaTestEnvironment.kafka(kafka));
		all.putAll(properties);
		all.put("spring.kafka.producer.properties.max.block.ms", "30000");
		return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).run(EntraKafkaTestEnvironment.arguments(all));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SendingApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableKafka
	static class ListeningApp {

		final BlockingQueue<ConsumerRecord<?, ?>> received = new LinkedBlockingQueue<>();

		@KafkaListener(topics = "certificates")
		void receive(ConsumerRecord<?, ?> record) {
			this.received.add(record);
		}

	}

}
