package io.github.entraauth.token.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.github.entraauth.token.TokenUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics and the {@code entra} endpoint with Actuator on, against the Entra emulator,
 * and a scan of every endpoint's output for tokens and secrets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"entra.token.retry-initial-backoff=200ms", "entra.token.retry-max-backoff=1s",
				"entra.token.fetch-timeout=2s", "entra.redis.enabled=false", "management.health.redis.enabled=false",
				// Spring Security is on the test classpath for the security package; these endpoints stay open here
				"spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
class TokenActuatorTests {

	private static final String SECRET = "actuator-test-secret-83b1";

	private static final String SCOPE = "api://actuator-test/.default";

	private static final List<String> issued = new CopyOnWriteArrayList<>();

	private static final EntraEmulator emulator = EntraEmulator.start();

	@LocalServerPort
	int port;

	@Autowired
	TokenManagers managers;

	@Autowired
	EntraIdentities identities;

	@DynamicPropertySource
	static void entra(DynamicPropertyRegistry registry) {
		emulator.registerSecretClient("actuator-app", SECRET);
		emulator.onTokenIssued((token) -> issued.add(token.jwt()));
		emulator.starterProperties("actuator-app", SECRET).forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void healthGoesDownPastExpiryDuringAnOutageAndUpAfterwards() {
		emulator.tokenLifetime(Duration.ofSeconds(3));
		TokenManager manager = manager();
		manager.refresh();
		assertThat(component("actuator-test").path("status").asString()).isEqualTo("UP");
		assertThat(component("actuator-test").path("details").path("identity").asString())
			.isEqualTo("client-secret (client actuator-app, tenant " + emulator.tenantId() + ")");
		emulator.faults().outage(true);
		try {
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				JsonNode down = component("actuator-test");
				assertThat(down.path("status").asString()).isEqualTo("DOWN");
				assertThat(down.path("details").path("consecutiveFailures").asInt()).isPositive();
				assertThat(down.path("details").path("lastErrorType").asString()).isNotEmpty();
			});
			assertThat(double_("entra.token.fetches", "result:failure")).isPositive();
			assertThat(double_("entra.token.expiry", null)).isNegative();
			// without a valid token, callers get the last error while the failures back off
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token);
			}
			assertThat(double_("entra.token.backoff.rejections", null)).isPositive();
		}
		finally {
			emulator.faults().outage(false);
			emulator.tokenLifetime(Duration.ofHours(1));
		}
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(component("actuator-test").path("status").asString()).isEqualTo("UP"));
		assertThat(double_("entra.token.fetches", "result:success")).isEqualTo(manager.status().fetches());
		assertThat(double_("entra.token.fetch.duration", null)).isPositive();
	}

	@Test
	void entraEndpointListsScopesAndLifetimesWithoutTokens() {
		String token = manager().token().getToken();
		String body = client().get().uri("/actuator/entra").retrieve().body(String.class);
		JsonNode entra = JsonMapper.shared().readTree(body);
		JsonNode status = null;
		for (JsonNode candidate : entra.path("tokens")) {
			if (SCOPE.equals(candidate.path("scope").asString())) {
				status = candidate;
			}
		}
		assertThat(status).as("the scope in use is listed").isNotNull();
		assertThat(status.path("identity").asString()).contains("client actuator-app");
		assertThat(status.path("expiresAt").asString()).isNotEmpty();
		assertThat(body).doesNotContain(token).doesNotContain(SECRET);
	}

	@Test
	void noEndpointExposesATokenOrASecret() {
		manager().token();
		JsonNode index = get("/actuator");
		List<String> paths = new ArrayList<>();
		index.path("_links").properties().forEach((link) -> {
			String href = link.getValue().path("href").asString();
			if (!link.getValue().path("templated").asBoolean() && !link.getKey().equals("heapdump")
					&& !link.getKey().equals("threaddump") && !link.getKey().equals("shutdown")) {
				paths.add(href.substring(href.indexOf("/actuator")));
			}
		});
		assertThat(paths).contains("/actuator/health", "/actuator/env", "/actuator/configprops", "/actuator/entra",
				"/actuator/metrics");
		for (JsonNode name : get("/actuator/metrics").path("names")) {
			String metric = name.asString();
			if (metric.startsWith("entra")) {
				paths.add("/actuator/metrics/" + metric);
			}
		}
		List<String> secrets = new ArrayList<>(issued);
		secrets.add(SECRET);
		assertThat(issued).isNotEmpty();
		for (String path : paths) {
			String body = client().get().uri(path).retrieve().body(String.class);
			for (String secret : secrets) {
				assertThat(body).as(path).doesNotContain(secret);
			}
		}
		assertThat(client().get().uri("/actuator/env/entra.credential.client-secret").retrieve().body(String.class))
			.doesNotContain(SECRET)
			.contains("******");
	}

	private TokenManager manager() {
		EntraIdentity identity = this.identities.defaultIdentity();
		return this.managers.forIdentity(identity, SCOPE);
	}

	private JsonNode component(String name) {
		JsonNode health = client().get()
			.uri("/actuator/health/entraTokens")
			.exchange((request, response) -> JsonMapper.shared().readTree(response.getBody()));
		return health.path("components").path(name);
	}

	private double double_(String metric, String tag) {
		String uri = "/actuator/metrics/" + metric + ((tag != null) ? "?tag=" + tag : "") + ((tag != null) ? "&" : "?")
				+ "tag=scope:" + SCOPE;
		JsonNode node = get(uri);
		for (JsonNode measurement : node.path("measurements")) {
			if (List.of("COUNT", "VALUE", "TOTAL_TIME").contains(measurement.path("statistic").asString())) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("No measurement in " + node);
	}

	private JsonNode get(String path) {
		return JsonMapper.shared().readTree(client().get().uri(path).retrieve().body(String.class));
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	/** Not a @SpringBootApplication: scanning this package would pick up the auto-configuration's nested classes. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ActuatorTestApplication {

	}

}
