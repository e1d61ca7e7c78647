package io.github.entraauth.livy.user;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.IssuedToken;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-user Livy end to end: users sign in through the emulator, and every request the Fabric-dialect Livy emulator
 * receives for them carries their own delegated Fabric token (checked against the emulator's keys, issuer,
 * audience and expiry), refreshed with the refresh token once it expires; users see only their own sessions and
 * an administrator closes another user's session with the administrator's own token. Ownership is the
 * application's record by tid and oid, never a session's name or tag; a user's tokens are gone after logout.
 */
@SpringBootTest(classes = UserLivyTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "entra.security.livy.refresh-before-expiry=1s", "entra.livy.auth=none",
				"entra.livy.poll.initial-interval=5ms", "entra.livy.poll.max-interval=50ms",
				"entra.livy.session.keep-alive-interval=300ms", "entra.livy.session.idle-timeout=0",
				"entra.livy.session.name-prefix=web-", "entra.livy.retry.initial-backoff=10ms",
				"entra.livy.retry.max-backoff=50ms" })
class UserLivyTests {

	private static final String FABRIC = "https://api.fabric.microsoft.com";

	private static final String ADMINS = "a1a1a1a1-0000-4000-8000-000000000001";

	private static final String EDITORS = "e2e2e2e2-0000-4000-8000-000000000002";

	private static final EntraEmulator emulator = EntraEmulator.start();

	private static final LivyEmulator livy = LivyEmulator.fabric()
		.requireBearer(emulator.publicJwks(), emulator.issuer(), FABRIC);

	private static final List<IssuedToken> fabricTokens = new CopyOnWriteArrayList<>();

	static {
		emulator.registerSecretClient("web-app", "web-secret");
		emulator.users().register("alice@contoso.test", EDITORS);
		emulator.users().register("bob@contoso.test", EDITORS);
		emulator.users().register("carol@contoso.test", ADMINS);
		emulator.users().register("dave@contoso.test", EDITORS);
		emulator.users().register("erin@contoso.test", EDITORS);
		emulator.onTokenIssued((token) -> {
			if (token.audience().equals(FABRIC)) {
				fabricTokens.add(token);
			}
		});
	}

	@LocalServerPort
	int port;

	@Autowired
	UserLivyTokenStore tokens;

	@Autowired
	OAuth2AuthorizedClientService signIns;

	@DynamicPropertySource
	static void entra(DynamicPropertyRegistry registry) {
		registry.add("entra.credential.tenant-id", emulator::tenantId);
		registry.add("entra.security.client-id", () -> "web-app");
		registry.add("entra.security.client-secret", () -> "web-secret");
		registry.add("entra.credential.authority-host", emulator::authorityHost);
		registry.add("entra.credential.ssl-bundle", () -> "entra-emulator");
		registry.add("entra.security.group-roles[" + ADMINS + "]", () -> "ADMIN");
		registry.add("entra.security.group-roles[" + EDITORS + "]", () -> "EDITOR");
		registry.add("spring.ssl.bundle.pem.entra-emulator.truststore.certificate",
				() -> "file:" + emulator.trustCertificatePem());
		registry.add("entra.livy.base-url", livy::baseUrl);
	}

	@BeforeEach
	void clear() {
		livy.clearRequests();
		fabricTokens.clear();
	}

	@AfterEach
	void reset() {
		emulator.tokenLifetime(Duration.ofHours(1));
	}

	@AfterAll
	static void stop() {
		livy.close();
		emulator.close();
	}

	@Test
	void everyLivyRequestCarriesTheSignedInUsersOwnFabricToken() throws Exception {
		Browser dave = new Browser("dave@contoso.test");

		String sessionId = dave.get("/livy/start");
		assertThat(dave.get("/livy/" + sessionId + "/sql")).isEqualTo("[[42]]");
		// the session keeper's keep-alive, on its own thread, uses the user's token too
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !livy.requests("POST", "/sessions/" + sessionId + "/reset-timeout").isEmpty());

		String oid = emulator.users().user("dave@contoso.test").oid();
		// sessions of the other tests' users are still kept alive with their own tokens
		List<RecordedLivyRequest> daves = livy.requests().stream()
			.filter((request) -> request.path().equals("/sessions") || request.path().contains(sessionId))
			.toList();
		assertThat(daves).hasSizeGreaterThanOrEqualTo(5).allSatisfy((request) -> {
			assertThat(request.oid()).isEqualTo(oid);
			assertThat(request.audience()).isEqualTo(FABRIC);
			assertThat(request.status()).isLessThan(400);
		});
		assertThat(livy.requests("POST", "/sessions")).singleElement()
			.satisfies((create) -> assertThat(create.body()).contains("\"name\":\"web-" + oid + "-")
				.contains("\"entra-user-oid\":\"" + oid + "\""));
		assertThat(fabricTokens).filteredOn((token) -> token.oid().equals(oid))
			.as("one Fabric token, redeemed from the sign-in's refresh token")
			.hasSize(1);
		dave.get("/livy/" + sessionId + "/close");
	}

	@Test
	void anExpiredUserTokenIsRefreshedWithTheRefreshToken() throws Exception {
		emulator.tokenLifetime(Duration.ofSeconds(4));
		Browser bob = new Browser("bob@contoso.test");
		String sessionId = bob.get("/livy/start");
		Instant firstExpiry = fabricTokens.get(0).expiresAt();

		await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(firstExpiry));
		assertThat(bob.get("/livy/" + sessionId + "/sql")).isEqualTo("[[42]]");

		String oid = emulator.users().user("bob@contoso.test").oid();
		assertThat(fabricTokens).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((token) -> assertThat(token.oid()).isEqualTo(oid));
		assertThat(fabricTokens.get(fabricTokens.size() - 1).jwt()).isNotEqualTo(fabricTokens.get(0).jwt());
		List<RecordedLivyRequest> afterExpiry = livy.requests().stream()
			.filter((request) -> request.at().isAfter(firstExpiry) && request.path().contains(sessionId))
			.toList();
		assertThat(afterExpiry).isNotEmpty().allSatisfy((request) -> {
			assertThat(request.status()).isLessThan(400);
			assertThat(request.oid()).isEqualTo(oid);
			assertThat(request.audience()).isEqualTo(FABRIC);
		});
		bob.get("/livy/" + sessionId + "/close");
	}

	@Test
	void usersSeeOnlyTheirOwnSessionsAndAnAdministratorClosesAnyWithTheirOwnToken() throws Exception {
		Browser alice = new Browser("alice@contoso.test");
		Browser erin = new Browser("erin@contoso.test");
		Browser carol = new Browser("carol@contoso.test");
		String alicesSession = alice.get("/livy/start");
		String erinsSession = erin.get("/livy/start");

		assertThat(alice.get("/livy/sessions")).contains(alicesSession).doesNotContain(erinsSession);
		assertThat(erin.get("/livy/sessions")).contains(erinsSession).doesNotContain(alicesSession);
		assertThat(erin.status("/livy/" + alicesSession + "/sql")).isEqualTo(403);
		assertThat(erin.status("/livy/" + alicesSession + "/close")).isEqualTo(403);
		assertThat(livy.sessionState(alicesSession)).isNotNull();
		assertThat(carol.get("/livy/sessions")).contains(alicesSession, erinsSession);
		assertThat(carol.status("/livy/" + alicesSession + "/sql")).as("administrators use only their own").isEqualTo(403);

		assertThat(carol.get("/livy/" + alicesSession + "/close")).isEqualTo("closed");

		assertThat(livy.sessionState(alicesSession)).isNull();
		assertThat(livy.requests("DELETE", "/sessions/" + alicesSession)).singleElement()
			.satisfies((delete) -> assertThat(delete.oid()).isEqualTo(emulator.users().user("carol@contoso.test").oid()));
		assertThat(alice.get("/livy/sessions")).doesNotContain(alicesSession);
		erin.get("/livy/" + erinsSession + "/close");
	}

	@Test
	void aSessionWithAUsersNameAndTagStartedOutOfBandIsNotTheirs() throws Exception {
		Browser alice = new Browser("alice@contoso.test");
		Browser bob = new Browser("bob@contoso.test");
		Browser carol = new Browser("carol@contoso.test");
		String bobsSession = bob.get("/livy/start");
		String aliceOid = emulator.users().user("alice@contoso.test").oid();
		String bobsToken = this.tokens
			.load(new EntraUserId(emulator.tenantId(), emulator.users().user("bob@contoso.test").oid()))
			.getAccessToken()
			.getTokenValue();

		// bob creates a session straight at the server, named and tagged as one of alice's
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(livy.baseUrl() + "/sessions"))
				.header("Authorization", "Bearer " + bobsToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"web-" + aliceOid + "-forged\","
						+ "\"tags\":{\"entra-user-oid\":\"" + aliceOid + "\"}}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isLessThan(300);
		String forged = new ObjectMapper().readTree(created.body()).get("id").asString();

		await().atMost(Duration.ofSeconds(10)).until(() -> carol.get("/livy/sessions").contains(forged));
		assertThat(alice.get("/livy/sessions")).doesNotContain(forged);
		assertThat(alice.status("/livy/" + forged + "/sql")).isEqualTo(403);
		assertThat(alice.status("/livy/" + forged + "/close")).isEqualTo(403);
		assertThat(bob.get("/livy/sessions")).contains(bobsSession).doesNotContain(forged);
		assertThat(bob.status("/livy/" + forged + "/close")).as("not recorded as bob's either").isEqualTo(403);
		assertThat(livy.sessionState(forged)).isNotNull();
		carol.get("/livy/" + forged + "/close");
		bob.get("/livy/" + bobsSession + "/close");
	}

	@Test
	void loggingOutRemovesTheUsersStoredTokens() throws Exception {
		Browser alice = new Browser("alice@contoso.test");
		String sessionId = alice.get("/livy/start");
		EntraUserId aliceId = new EntraUserId(emulator.tenantId(), emulator.users().user("alice@contoso.test").oid());
		assertThat(this.tokens.load(aliceId)).isNotNull();
		assertThat(this.signIns.<OAuth2AuthorizedClient>loadAuthorizedClient("entra", "alice@contoso.test")).isNotNull();
		alice.get("/livy/" + sessionId + "/close");

		alice.logout();

		assertThat(this.tokens.load(aliceId)).isNull();
		assertThat(this.signIns.<OAuth2AuthorizedClient>loadAuthorizedClient("entra", "alice@contoso.test")).isNull();
	}

	@Test
	void aReassignedUsernameIsAnotherOwner() throws Exception {
		emulator.users().register("frank@contoso.test", EDITORS);
		Browser formerFrank = new Browser("frank@contoso.test");
		String formerOid = emulator.users().user("frank@contoso.test").oid();
		String formersSession = formerFrank.get("/livy/start");

		String newOid = emulator.users().reassign("frank@contoso.test").oid();
		Browser newFrank = new Browser("frank@contoso.test");

		assertThat(newFrank.get("/livy/sessions")).doesNotContain(formersSession);
		assertThat(livy.requests().stream().filter((request) -> request.path().equals("/sessions")).toList()).last()
			.as("the new user's listing, with the new user's own token")
			.satisfies((listing) -> assertThat(listing.oid()).isEqualTo(newOid));
		assertThat(newFrank.status("/livy/" + formersSession + "/sql")).isEqualTo(403);
		assertThat(newFrank.status("/livy/" + formersSession + "/close")).isEqualTo(403);
		assertThat(formerFrank.get("/livy/sessions")).contains(formersSession);
		OAuth2AuthorizedClient formers = this.tokens.load(new EntraUserId(emulator.tenantId(), formerOid));
		OAuth2AuthorizedClient news = this.tokens.load(new EntraUserId(emulator.tenantId(), newOid));
		assertThat(formers).isNotNull();
		assertThat(news).isNotNull();
		assertThat(news.getAccessToken().getTokenValue()).isNotEqualTo(formers.getAccessToken().getTokenValue());
		formerFrank.get("/livy/" + formersSession + "/close");
	}

	/** A signed-in user's cookie jar; follows redirects by hand (the JDK client does not follow HTTPS to HTTP). */
	private final class Browser {

		private final HttpClient client = HttpClient.newBuilder()
			.sslContext(emulator.sslContext())
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		Browser(String username) throws Exception {
			URI url = URI.create("http://localhost:" + UserLivyTests.this.port + "/oauth2/authorization/entra");
			url = URI.create(send(url).headers().firstValue("Location").orElseThrow());
			url = URI.create(url + "&login_hint=" + username);
			for (int hop = 0; hop < 10; hop++) {
				HttpResponse<String> response = send(url);
				if (response.statusCode() / 100 != 3) {
					return;
				}
				url = url.resolve(response.headers().firstValue("Location").orElseThrow());
			}
			throw new AssertionError("Sign-in did not finish");
		}

		String get(String path) throws Exception {
			HttpResponse<String> response = send(URI.create("http://localhost:" + UserLivyTests.this.port + path));
			assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
			return response.body();
		}

		/** Spring Security's logout: its confirmation page's CSRF token, then the POST. */
		void logout() throws Exception {
			String page = get("/logout");
			Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page);
			assertThat(csrf.find()).as("CSRF token on the logout page").isTrue();
			HttpResponse<String> response = this.client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + UserLivyTests.this.port + "/logout"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1)))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("logout").isEqualTo(302);
		}

		int status(String path) throws Exception {
			return send(URI.create("http://localhost:" + UserLivyTests.this.port + path)).statusCode();
		}

		private HttpResponse<String> send(URI url) throws Exception {
			return this.client.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
