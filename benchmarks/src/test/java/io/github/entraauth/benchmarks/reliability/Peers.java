package io.github.entraauth.benchmarks.reliability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local peers a scenario runs against and the application (the starter's real beans) pointed at
 * them the way an application on Azure is configured: the same properties, no test hooks.
 */
final class Peers {

	static final String CLIENT_ID = "reliability-app";

	static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";

	private Peers() {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReliabilityApp {

	}

	/** Registers the application's identity and returns the starter's credential properties for it. */
	static Map<String, Object> credential(EntraEmulator entra) {
		String secret = UUID.randomUUID().toString();
		entra.registerSecretClient(CLIENT_ID, secret);
		Map<String, Object> properties = new LinkedHashMap<>(entra.starterProperties(CLIENT_ID, secret));
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		return properties;
	}

	static Map<String, Object> kafka(OAuthBearerKafkaBroker broker) {
		Map<String, Object> properties = new LinkedHashMap<>(broker.springProperties("reliability-kafka"));
		// Kafka's login refresh waits at least 60 s by default, longer than compressed tokens live
		properties.put("spring.kafka.properties.sasl.login.refresh.min.period.seconds", "1");
		properties.put("spring.kafka.properties.sasl.login.refresh.buffer.seconds", "1");
		return properties;
	}

	static Map<String, Object> redis(RedisServer redis) {
		return Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", redis.port(),
				"spring.data.redis.timeout", "5s");
	}

	static Map<String, Object> livy(LivyEmulator livy) {
		return Map.of("entra.livy.base-url", livy.baseUrl());
	}

	static LivyEmulator fabricLivy(EntraEmulator entra) {
		return LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), FABRIC_AUDIENCE);
	}

	/** Token retries scaled like the token lifetime: the one-minute production cap becomes one second. */
	static Map<String, Object> compressedRetries() {
		return Map.of("entra.token.retry-initial-backoff", "1s", "entra.token.retry-max-backoff", "1s");
	}

	@SafeVarargs
	static ConfigurableApplicationContext start(Map<String, Object>... settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (Map<String, Object> setting : settings) {
			properties.putAll(setting);
		}
		return new SpringApplicationBuilder(ReliabilityApp.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	static String seconds(Duration duration) {
		return (duration.toMillis() / 1000.0) + " s";
	}

}
