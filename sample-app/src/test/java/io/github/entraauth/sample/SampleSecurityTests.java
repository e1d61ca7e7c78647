package io.github.entraauth.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.livy.LivyEmulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call what, over HTTP against the local peers with the real Entra sign-in (the emulator signs in the
 * user named by login_hint): Actuator, Spark work through Livy, per-user results, CSRF and order validation.
 * The Livy emulator's recorded requests show whether a request started Spark work.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.orders=0", "sample.demo.span=0s" })
class SampleSecurityTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EntraEmulator entra;

	@Autowired
	LivyEmulator livy;

	@Test
	void anonymousCallersGetNoActuatorEndpointButTheHealthStatus() throws Exception {
		Visitor anonymous = new Visitor();

		assertThat(anonymous.get("/actuator/env").statusCode()).isEqualTo(401);
		assertThat(anonymous.get("/actuator/entra").statusCode()).isEqualTo(401);
		assertThat(anonymous.get("/actuator/metrics").statusCode()).isEqualTo(401);
		HttpResponse<String> health = anonymous.get("/actuator/health");
		assertThat(health.statusCode()).isIn(200, 503);
		assertThat(json.readValue(health.body(), Map.class)).containsKey("status")
			.doesNotContainKeys("components", "details");
		assertThat(anonymous.get("/actuator/health/livy").body()).doesNotContain("\"details\"")
			.doesNotContain("dialect");
	}

	@Test
	void onlyAdminsSeeHealthDetailsAndTheEntraEndpoint() throws Exception {
		Visitor carol = signIn("carol@contoso.test");
		assertThat(json.readValue(carol.get("/actuator/health").body(), Map.class)).containsKey("components");
		assertThat(carol.get("/actuator/health/livy").body()).contains("\"details\"").contains("dialect");
		HttpResponse<String> entraEndpoint = carol.get("/actuator/entra");
		assertThat(entraEndpoint.statusCode()).isEqualTo(200);
		assertThat(entraEndpoint.body()).doesNotContain("eyJ");

		Visitor alice = signIn("alice@contoso.test");
		assertThat(alice.get("/actuator/entra").statusCode()).isEqualTo(403);
		assertThat(json.readValue(alice.get("/actuator/health").body(), Map.class)).containsKey("status")
			.doesNotContainKeys("components", "details");
	}

	@Test
	void anonymousReportRequestsStartNoSparkWork() throws Exception {
		Visitor anonymous = new Visitor();
		long before = sparkWork();

		assertThat(anonymous.get("/reports/totals").statusCode()).isEqualTo(401);
		assertThat(anonymous.postJson("/reports/totals", "", null).statusCode()).isIn(401, 403);

		assertThat(sparkWork()).isEqualTo(before);
	}

	@Test
	void viewerIsNotOfferedSparkSqlAndIsRefusedIt() throws Exception {
		Visitor bob = signIn("bob@contoso.test");
		String home = bob.get("/").body();
		assertThat(home).contains("bob@contoso.test")
			.doesNotContain("id=\"nav-run\"")
			.doesNotContain("id=\"run-link\"");
		String csrf = bob.csrfToken();
		long before = sparkWork();

		assertThat(bob.get("/run").statusCode()).isEqualTo(403);
		assertThat(bob.postForm("/run", "sql=" + encode("SELECT 1"), csrf).statusCode()).isEqualTo(403);
		assertThat(bob.postJson("/reports/totals", "", csrf).statusCode()).isEqualTo(403);

		assertThat(sparkWork()).isEqualTo(before);
	}

	@Test
	void editorPublishesTheReportOnlyWithACsrfToken() throws Exception {
		Visitor alice = signIn("alice@contoso.test");
		long before = sparkWork();

		assertThat(alice.postJson("/reports/totals", "", null).statusCode()).isEqualTo(403);
		assertThat(sparkWork()).isEqualTo(before);

		assertThat(alice.postJson("/orders", "{\"accountId\": \"acct-report\", \"amount\": 500}", null).statusCode())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> alice.get("/orders/totals").body().contains("acct-report"));
		HttpResponse<String> report = alice.postJson("/reports/totals", "", alice.csrfToken());
		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(report.body()).as("rows keyed by column name").contains("{\"account_id\":\"acct-report\",\"total\":");
		assertThat(sparkWork()).isGreaterThan(before);
	}

	@Test
	void resultsAreShownOnlyToTheUserWhoRanThemAndForgottenAtSignOut() throws Exception {
		String marker = "only-alice-" + UUID.randomUUID();
		Visitor alice = signIn("alice@contoso.test");
		assertThat(alice.get("/").body()).as("editors are offered Spark SQL")
			.contains("id=\"nav-run\"", "id=\"run-link\"");
		assertThat(alice.postForm("/run", "sql=" + encode("SELECT '" + marker + "' AS marker"), null).statusCode())
			.as("without a CSRF token")
			.isEqualTo(403);
		HttpResponse<String> run = alice.postForm("/run", "sql=" + encode("SELECT '" + marker + "' AS marker"),
				alice.csrfToken());
		assertThat(run.statusCode()).isEqualTo(200);
		assertThat(run.body()).contains("<td>" + marker + "</td>");
		assertThat(alice.get("/").body()).contains("<td>" + marker + "</td>");

		assertThat(signIn("bob@contoso.test").get("/").body()).doesNotContain(marker).contains("id=\"no-results\"");
		assertThat(signIn("dave@contoso.test").get("/").body()).doesNotContain(marker);

		assertThat(alice.postForm("/logout", "", alice.csrfToken()).statusCode()).isEqualTo(302);
		assertThat(signIn("alice@contoso.test").get("/").body()).doesNotContain(marker);
	}

	@Test
	void invalidOrdersAreRefusedNamingTheField() throws Exception {
		Visitor program = new Visitor();

		assertInvalid(program.postJson("/orders", "{\"amount\": 100}", null), "accountId", "accountId is required");
		assertInvalid(program.postJson("/orders", "{\"accountId\": \" \", \"amount\": 100}", null), "accountId",
				"accountId is required");
		assertInvalid(program.postJson("/orders", "{\"accountId\": \"acct-x\"}", null), "amount",
				"amount is required");
		assertInvalid(program.postJson("/orders", "{\"accountId\": \"acct-x\", \"amount\": 0}", null), "amount",
				"amount must be positive");
		assertInvalid(program.postJson("/orders", "{\"accountId\": \"acct-x\", \"amount\": -5}", null), "amount",
				"amount must be positive");
		assertThat(program.postJson("/orders", "{\"accountId\": \"acct-x\", \"amount\": 5}", null).statusCode())
			.isEqualTo(202);
	}

	private static void assertInvalid(HttpResponse<String> response, String field, String detail) {
		assertThat(response.statusCode()).isEqualTo(400);
		Map<?, ?> problem = json.readValue(response.body(), Map.class);
		assertThat(problem.get("field")).isEqualTo(field);
		assertThat((String) problem.get("detail")).startsWith(detail);
	}

	/** Sessions started and statements run on the Livy emulator so far. */
	private long sparkWork() {
		return this.livy.requests("POST", "/sessions").size()
				+ this.livy.requests("POST", "/sessions/[^/]+/statements").size();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Signs a user in with a fresh cookie jar: the app sends them to the emulator, which signs in the login_hint. */
	private Visitor signIn(String username) throws Exception {
		Visitor visitor = new Visitor();
		URI url = visitor.url("/oauth2/authorization/entra");
		for (int hop = 0; hop < 10; hop++) {
			if (url.getPath().endsWith("/oauth2/v2.0/authorize")) {
				url = URI.create(url + "&login_hint=" + encode(username));
			}
			HttpResponse<String> response = visitor.send(HttpRequest.newBuilder(url).GET());
			if (response.statusCode() / 100 != 3) {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains(username);
				return visitor;
			}
			url = url.resolve(response.headers().firstValue("Location").orElseThrow());
		}
		throw new AssertionError("More than 10 redirects signing in " + username);
	}

	/** One browser's cookies; redirects are not followed (the JDK client does not follow HTTPS to HTTP). */
	private final class Visitor {

		private final HttpClient client = HttpClient.newBuilder()
			.sslContext(SampleSecurityTests.this.entra.sslContext())
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		URI url(String path) {
			return URI.create("http://localhost:" + SampleSecurityTests.this.port + path);
		}

		HttpResponse<String> get(String path) throws Exception {
			return send(HttpRequest.newBuilder(url(path)).GET());
		}

		HttpResponse<String> postForm(String path, String form, @Nullable String csrf) throws Exception {
			String body = (csrf != null) ? form + (form.isEmpty() ? "" : "&") + "_csrf=" + encode(csrf) : form;
			return send(HttpRequest.newBuilder(url(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		HttpResponse<String> postJson(String path, String body, @Nullable String csrf) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (csrf != null) {
				request.header("X-CSRF-TOKEN", csrf);
			}
			return send(request);
		}

		/** The CSRF token of this visitor's session, from the sign-out form on the home page. */
		String csrfToken() throws Exception {
			Matcher matcher = CSRF.matcher(get("/").body());
			assertThat(matcher.find()).as("CSRF token on the home page").isTrue();
			return matcher.group(1);
		}

		HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
