package io.github.entraauth.apptests;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a signed-in web application behind a load balancer without sticky sessions, sharing one
 * Redis that accepts only Entra tokens (no password, no default user): Spring Session stores the HTTP sessions
 * through the starter's Entra-authenticated connection factory with no configuration of its own, so a sign-in
 * started on one instance completes on the other, and a session outlives the restart of the instance that made it.
 */
class SignInAcrossInstancesTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final RedisServer redis = RedisServer.start().acceptTokensFrom(entra);

	private static final String APP_SECRET = UUID.randomUUID().toString();

	static {
		entra.registerSecretClient("scale-out-app", APP_SECRET);
		entra.registerSecretClient("scale-out-web", "web-secret");
		entra.users().register("alice@contoso.test");
		entra.users().signInAs("alice@contoso.test");
	}

	private final Map<Integer, Integer> served = new HashMap<>();

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@AfterEach
	void stopInstances() {
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { this.a, this.b }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@AfterAll
	static void stopPeers() {
		redis.close();
		entra.close();
	}

	@Test
	void aSignInStartedOnOneInstanceCompletesOnTheOther() throws Exception {
		this.a = instance();
		this.b = instance();
		Browser browser = new Browser();

		HttpResponse<String> page = browser.signIn(port(this.a), port(this.b), "/me");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).isNotBlank();
		assertThat(browser.get(port(this.b), "/me").body()).as("B knows the session A started").isEqualTo(page.body());
		assertThat(browser.get(port(this.a), "/me").body()).isEqualTo(page.body());
		assertThat(this.served).as("requests served per instance").containsKeys(port(this.a), port(this.b));
		assertThat(redis.admin().keys("spring:session:sessions:*")).as("sessions are in Redis").isNotEmpty();
		System.out.printf("SCALE-OUT-REPORT sign-in across instances: requests served %s%n", this.served);
	}

	@Test
	void aSessionOutlivesTheRestartOfTheInstanceThatMadeIt() throws Exception {
		this.a = instance();
		this.b = instance();
		Browser browser = new Browser();
		String user = browser.signIn(port(this.a), port(this.a), "/me").body();

		this.a.close();
		this.a = instance();

		HttpResponse<String> page = browser.get(port(this.a), "/me");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).isEqualTo(user);
	}

	@Test
	void withoutTheSharedSessionTheOtherInstanceDoesNotKnowTheUser() throws Exception {
		this.a = instance();
		this.b = instance("spring.session.data.redis.namespace=other-app");
		Browser browser = new Browser();
		browser.signIn(port(this.a), port(this.a), "/me");

		assertThat(browser.get(port(this.b), "/me").statusCode()).as("B redirects to the sign-in").isEqualTo(302);
	}

	private static ConfigurableApplicationContext instance(String... extra) {
		Map<String, Object> properties = new HashMap<>(entra.starterProperties("scale-out-app", APP_SECRET));
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("entra.security.client-id", "scale-out-web");
		properties.put("entra.security.client-secret", "web-secret");
		properties.put("entra.security.graph-member-of-endpoint", entra.graphBaseUrl() + "/me/memberOf");
		return new SpringApplicationBuilder(UserApplication.class).properties(properties)
			.properties(extra)
			.run();
	}

	private static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
	}

	/** One browser: one cookie jar for localhost (cookies do not depend on the port, as behind one origin). */
	private final class Browser {

		private final HttpClient http = HttpClient.newBuilder()
			.sslContext(entra.sslContext())
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		/** Starts on one instance; the load balancer sends the sign-in's callback to the other. */
		HttpResponse<String> signIn(int start, int callback, String path) throws Exception {
			URI url = URI.create("http://localhost:" + start + path);
			for (int hop = 0; hop < 10; hop++) {
				HttpResponse<String> response = send(url);
				if (response.statusCode() / 100 != 3) {
					return response;
				}
				url = url.resolve(response.headers().firstValue("Location").orElseThrow());
				if (url.getPath().startsWith("/login/oauth2/code/")) {
					url = new URI("http", null, "localhost", callback, url.getPath(), url.getQuery(), null);
				}
			}
			throw new AssertionError("More than 10 redirects, last at " + url);
		}

		HttpResponse<String> get(int port, String path) throws Exception {
			return send(URI.create("http://localhost:" + port + path));
		}

		private HttpResponse<String> send(URI url) throws Exception {
			if ("localhost".equals(url.getHost()) && url.getScheme().equals("http")) {
				SignInAcrossInstancesTests.this.served.merge(url.getPort(), 1, Integer::sum);
			}
			return this.http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
