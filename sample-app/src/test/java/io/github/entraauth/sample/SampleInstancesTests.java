package io.github.entraauth.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as two instances ({@code --sample.instances=2}), as the README's run command starts them: the second
 * joins the first one's local peers, and a user signed in through one is served by the other with the same
 * session, recent results and Livy session.
 */
class SampleInstancesTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final String[] ARGS = { "--server.port=0", "--sample.instances=2", "--sample.demo.enabled=false",
			"--spring.main.banner-mode=off" };

	@Test
	void aUserSignedInThroughOneInstanceIsServedByTheOtherWithTheirResultsAndLivySession() throws Exception {
		try (ConfigurableApplicationContext first = SpringApplication.run(SampleApplication.class, ARGS);
				ConfigurableApplicationContext second = SampleApplication.startAnother(ARGS, 0)) {
			EntraEmulator entra = first.getBean(EntraEmulator.class);
			LivyEmulator livy = first.getBean(LivyEmulator.class);
			assertThat(second.getBean(EntraEmulator.class)).as("the second instance joined the peers").isSameAs(entra);
			HttpClient browser = HttpClient.newBuilder()
				.sslContext(entra.sslContext())
				.cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			int a = port(first);
			int b = port(second);
			signIn(browser, a, "alice@contoso.test");
			String marker = "through-a-" + UUID.randomUUID();

			HttpResponse<String> run = post(browser, a, "/run", "sql=" + encode("SELECT '" + marker + "' AS marker"));
			assertThat(run.statusCode()).isEqualTo(200);
			HttpResponse<String> home = get(browser, b, "/");

			assertThat(home.statusCode()).as("B knows the user A signed in").isEqualTo(200);
			assertThat(home.body()).as("the result run through A, listed by B").contains("<td>" + marker + "</td>");
			assertThat(post(browser, b, "/run", "sql=" + encode("SELECT 2 AS two")).statusCode()).isEqualTo(200);
			assertThat(livy.sessionIds()).as("one Livy session for both queries").hasSize(1);
		}
	}

	private static void signIn(HttpClient browser, int port, String username) throws Exception {
		URI url = URI.create("http://localhost:" + port + "/oauth2/authorization/entra");
		for (int hop = 0; hop < 10; hop++) {
			if (url.getPath().endsWith("/oauth2/v2.0/authorize")) {
				url = URI.create(url + "&login_hint=" + encode(username));
			}
			HttpResponse<String> response = browser.send(HttpRequest.newBuilder(url).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 3) {
				assertThat(response.statusCode()).isEqualTo(200);
				return;
			}
			url = url.resolve(response.headers().firstValue("Location").orElseThrow());
		}
		throw new AssertionError("More than 10 redirects signing in " + username);
	}

	private static HttpResponse<String> get(HttpClient browser, int port, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(HttpClient browser, int port, String path, String form) throws Exception {
		Matcher csrf = CSRF.matcher(get(browser, port, "/").body());
		assertThat(csrf.find()).as("CSRF token on the home page").isTrue();
		return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + encode(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
