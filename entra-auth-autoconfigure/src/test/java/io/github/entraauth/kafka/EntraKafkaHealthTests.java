package io.github.entraauth.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka health contributor against the OAUTHBEARER broker: UP with the cluster id, DOWN with
 * failure=authentication while the broker refuses tokens or when no token can be had, and DOWN with
 * failure=network when nothing listens at the bootstrap server.
 */
class EntraKafkaHealthTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final List<String> issuedTokens = new CopyOnWriteArrayList<>();

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-health", "health-secret");
		entra.onTokenIssued((token) -> issuedTokens.add(token.jwt()));
		kafka = OAuthBearerKafkaBroker.builder(entra).start();
	}

	@AfterAll
	static void stop() {
		kafka.close();
		entra.close();
	}

	@Test
	void upWithTheClusterIdThroughTheOAuthBearerListener() {
		try (ConfigurableApplicationContext context = run(kafka.saslBootstrapServers())) {
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("bootstrapServers", List.of(kafka.saslBootstrapServers()).toString())
				.containsKey("clusterId")
				.containsEntry("nodes", 1);
		}
	}

	@Test
	void downWithAnAuthenticationFailureWhileTheBrokerRefusesTokens() {
		try (ConfigurableApplicationContext context = run(kafka.saslBootstrapServers())) {
			kafka.refuseAuthentication(true);
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("failure", "authentication");
			assertThat(health.getDetails().get("error").toString()).contains("SaslAuthenticationException");
			assertThat(issuedTokens).isNotEmpty().noneMatch(health.getDetails().toString()::contains);
		}
		finally {
			kafka.refuseAuthentication(false);
		}
	}

	@Test
	void downWithAnAuthenticationFailureWhenNoTokenCanBeHad() {
		Map<String, Object> wrongSecret = new HashMap<>(
				EntraKafkaTestEnvironment.secretClient(entra, "kafka-health", "not-the-health-secret"));
		try (ConfigurableApplicationContext context = run(kafka.saslBootstrapServers(), wrongSecret)) {
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("failure", "authentication");
			assertThat(health.getDetails().toString()).doesNotContain("not-the-health-secret");
		}
	}

	@Test
	void downWithANetworkFailureWhenNothingListensAtTheBootstrapServer() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext context = run("localhost:" + closedPort)) {
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("failure", "network");
		}
	}

	private static Health health(ConfigurableApplicationContext context) {
		return context.getBean("entraKafkaHealthContributor", HealthIndicator.class).health();
	}

	private static ConfigurableApplicationContext run(String bootstrapServers) {
		return run(bootstrapServers, EntraKafkaTestEnvironment.secretClient(entra, "kafka-health", "health-secret"));
	}

	private static ConfigurableApplicationContext run(String bootstrapServers, Map<String, ?> identity) {
		Map<String, Object> properties = new HashMap<>(EntraKafkaTestEnvironment.kafka(kafka));
		properties.putAll(identity);
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(EntraKafkaTestEnvironment.arguments(properties));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
