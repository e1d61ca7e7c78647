package io.github.entraauth.apptests;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user Livy on two instances of one application behind a load balancer without sticky sessions: with
 * {@code entra.security.store.type=redis} the sign-in's refresh token, the user's Livy tokens (both encrypted) and
 * session ownership are in the shared Redis, so a query on one instance and then on the other runs on the same
 * Livy session with the user's own token, neither instance asks for consent again, and a logout on one instance
 * removes the user's tokens for all of them; with {@code entra.livy.session.activity-store=redis}, stopping one
 * instance leaves open the sessions the other uses.
 */
class LivyAcrossInstancesTests {

	private static final String FABRIC = "https://api.fabric.microsoft.com";

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final RedisServer redis = RedisServer.start().acceptTokensFrom(entra);

	private static final LivyEmulator livy = LivyEmulator.fabric()
		.requireBearer(entra.publicJwks(), entra.issuer(), FABRIC);

	private static final String APP_SECRET = UUID.randomUUID().toString();

	private static final String STORE_KEY = UUID.randomUUID() + "-" + UUID.randomUUID();

	static {
		entra.registerSecretClient("livy-scale-out-app", APP_SECRET);
		entra.registerSecretClient("livy-scale-out-web", "web-secret");
		entra.users().register("alice@contoso.test");
		entra.users().signInAs("alice@contoso.test");
	}

	private final Map<Integer, Integer> served = new HashMap<>();

	@BeforeEach
	void clearLivyRequests() {
		livy.clearRequests();
	}

	@AfterAll
	static void stopPeers() {
		livy.close();
		redis.close();
		entra.close();
	}

	@Test
	void aQueryOnOneInstanceThenOnTheOtherRunsOnTheUsersSameSessionWithTheUsersToken() throws Exception {
		try (ConfigurableApplicationContext a = instance(); ConfigurableApplicationContext b = instance()) {
			Browser browser = new Browser();
			// the sign-in completes on B: A takes the user's refresh token from the shared store
			browser.signIn(port(a), port(b), "/me");

			String onA = browser.get(port(a), "/query?sql=" + URLEncoder.encode("SELECT 1", StandardCharsets.UTF_8));
			String onB = browser.get(port(b), "/query?sql=" + URLEncoder.encode("SELECT 2", StandardCharsets.UTF_8));

			String session = onA.split(" ")[0];
			assertThat(onA).isEqualTo(session + " 1");
			assertThat(onB).as("B reuses the session the user started through A").isEqualTo(session + " 1");
			assertThat(livy.sessionIds()).containsExactly(session);
			String alice = entra.users().user("alice@contoso.test").oid();
			assertThat(livy.requests("POST", "/sessions/[^/]+/statements"))
				.hasSize(2)
				.extracting(RecordedLivyRequest::oid)
				.containsOnly(alice);
			assertThat(redis.admin().keys("entra:livy:tokens:*")).hasSize(1);
			String aliceKey = entra.tenantId() + "/" + alice;
			assertThat(redis.admin().keys("entra:authorized-clients:entra:*")).as("sign-in tokens under tid/oid")
				.containsExactly("entra:authorized-clients:entra:" + aliceKey);
			assertThat(this.served).containsKeys(port(a), port(b));

			browser.logout(port(b));

			assertThat(redis.admin().keys("entra:livy:tokens:*")).as("Livy tokens after logout on B").isEmpty();
			assertThat(redis.admin().keys("entra:authorized-clients:*")).as("sign-in tokens after logout").isEmpty();
			assertThat(browser.status(port(a), "/me")).as("A sends the user to sign in again").isEqualTo(302);
			System.out.printf("SCALE-OUT-REPORT per-user Livy across instances: requests served %s, sessions created"
					+ " %d, statements %d on one session%n", this.served, livy.sessionIds().size(), 2);
		}
	}

	@Test
	void stoppingOneInstanceLeavesOpenTheSessionsTheOtherUses() throws Exception {
		ConfigurableApplicationContext a = instance();
		try (ConfigurableApplicationContext b = instance()) {
			Browser browser = new Browser();
			browser.signIn(port(a), port(a), "/me");
			String session = browser.get(port(a), "/query?sql=SELECT%201").split(" ")[0];
			assertThat(browser.get(port(b), "/query?sql=SELECT%202")).startsWith(session + " ");

			a.close();

			int closedByA = livy.requests("DELETE", "/sessions/" + session).size();
			assertThat(closedByA).as("sessions A closed at its shutdown").isZero();
			assertThat(livy.sessionIds()).contains(session);
			assertThat(browser.get(port(b), "/query?sql=SELECT%203")).as("B still runs on it").startsWith(session + " ");
			b.close();
			assertThat(livy.requests("DELETE", "/sessions/" + session)).as("closed by B, the last to use it").hasSize(1);
			System.out.printf("SCALE-OUT-REPORT instance shutdown: sessions closed by A while B used them %d, by B"
					+ " at its own shutdown %d%n", closedByA, livy.requests("DELETE", "/sessions/" + session).size());
		}
		finally {
			a.close();
		}
	}

	private static ConfigurableApplicationContext instance() {
		Map<String, Object> properties = new HashMap<>(entra.starterProperties("livy-scale-out-app", APP_SECRET));
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("entra.security.client-id", "livy-scale-out-web");
		properties.put("entra.security.client-secret", "web-secret");
		properties.put("entra.security.graph-member-of-endpoint", entra.graphBaseUrl() + "/me/memberOf");
		properties.put("entra.livy.base-url", livy.baseUrl());
		properties.put("entra.security.store.type", "redis");
		properties.put("entra.security.store.encryption-key", STORE_KEY);
		properties.put("entra.livy.session.activity-store", "redis");
		return new SpringApplicationBuilder(UserApplication.class).properties(properties).run();
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
		void signIn(int start, int callback, String path) throws Exception {
			URI url = URI.create("http://localhost:" + start + path);
			for (int hop = 0; hop < 10; hop++) {
				HttpResponse<String> response = send(url);
				if (response.statusCode() / 100 != 3) {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
					return;
				}
				url = url.resolve(response.headers().firstValue("Location").orElseThrow());
				if (url.getPath().startsWith("/login/oauth2/code/")) {
					url = new URI("http", null, "localhost", callback, url.getPath(), url.getQuery(), null);
				}
			}
			throw new AssertionError("More than 10 redirects, last at " + url);
		}

		String get(int port, String pathAndQuery) throws Exception {
			HttpResponse<String> response = send(URI.create("http://localhost:" + port + pathAndQuery));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return response.body();
		}

		void logout(int port) throws Exception {
			String[] csrf = get(port, "/csrf").split("=", 2);
			URI url = URI.create("http://localhost:" + port + "/logout");
			LivyAcrossInstancesTests.this.served.merge(port, 1, Integer::sum);
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(url)
				.header(csrf[0], csrf[1])
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		}

		int status(int port, String path) throws Exception {
			return send(URI.create("http://localhost:" + port + path)).statusCode();
		}

		private HttpResponse<String> send(URI url) throws Exception {
			if ("localhost".equals(url.getHost()) && url.getScheme().equals("http")) {
				LivyAcrossInstancesTests.this.served.merge(url.getPort(), 1, Integer::sum);
			}
			return this.http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
