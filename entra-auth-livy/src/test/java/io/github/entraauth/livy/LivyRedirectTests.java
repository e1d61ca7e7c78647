package io.github.entraauth.livy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Livy never follows a redirect with credentials: two real loopback servers, the base URL's answering 3xx
 * towards the other's port; the other never receives a request, so never the Authorization header, and the
 * call fails with a LivyException naming only the location's origin.
 */
class LivyRedirectTests {

	private static final String TOKEN = "redirect-test-bearer-token";

	private HttpServer livy;

	private HttpServer elsewhere;

	private final List<String> elsewhereAuthorizations = new CopyOnWriteArrayList<>();

	private volatile int elsewhereRequests;

	private volatile int status = 307;

	@BeforeEach
	void startServers() throws IOException {
		this.elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.elsewhere.createContext("/", (exchange) -> {
			this.elsewhereRequests++;
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null) {
				this.elsewhereAuthorizations.add(authorization);
			}
			answer(exchange, 200, "{\"from\":0,\"total\":0,\"sessions\":[]}");
		});
		this.elsewhere.start();
		this.livy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.livy.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("Location",
					elsewhereOrigin() + "/sessions?sig=secret-signature");
			answer(exchange, this.status, "");
		});
		this.livy.start();
	}

	@AfterEach
	void stopServers() {
		this.livy.stop(0);
		this.elsewhere.stop(0);
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 303, 307, 308 })
	void aRedirectToAnotherPortIsAnErrorNamingItsOriginAndTheTokenStaysHome(int status) {
		this.status = status;
		assertRefused(LivyCredentials.bearer(() -> TOKEN), UnaryOperator.identity(), status);
	}

	@Test
	void basicCredentialsAreNotRedirectedEither() {
		assertRefused(LivyCredentials.basic("livy-user", "redirect-test-password"), UnaryOperator.identity(), 307);
	}

	@Test
	void anHttpClientOfTheCallersMayNotFollowRedirects() {
		for (HttpClient.Redirect policy : List.of(HttpClient.Redirect.NORMAL, HttpClient.Redirect.ALWAYS)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> LivyService.builder(livyBaseUrl())
					.httpClient(HttpClient.newBuilder().followRedirects(policy).build()))
				.withMessageStartingWith("httpClient follows redirects (" + policy + ")");
		}
	}

	@Test
	void aCallersHttpClientThatDoesNotFollowRedirectsIsUsed() {
		assertRefused(LivyCredentials.bearer(() -> TOKEN),
				(builder) -> builder.httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()),
				307);
	}

	private void assertRefused(LivyCredentials credentials, UnaryOperator<LivyServiceBuilder> settings, int status) {
		try (LivyService service = settings.apply(LivyService.builder(livyBaseUrl())
			.dialect(LivyDialect.APACHE)
			.apacheVersion("0.8")
			.credentials(credentials)
			.retry(LivyTestServices.RETRY)
			.poll(LivyTestServices.POLL)
			.sessionDefaults(LivyTestServices.SESSIONS)).build()) {
			assertThatExceptionOfType(LivyException.class).isThrownBy(service::listSessions)
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).contains("redirected (" + status + ") to " + elsewhereOrigin())
						.contains("never follow redirects")
						.doesNotContain("secret-signature")
						.doesNotContain(TOKEN);
					assertThat(ex.getStatus()).isEqualTo(status);
				});
		}
		assertThat(this.elsewhereRequests).isZero();
		assertThat(this.elsewhereAuthorizations).isEmpty();
	}

	private String livyBaseUrl() {
		return "http://127.0.0.1:" + this.livy.getAddress().getPort();
	}

	private String elsewhereOrigin() {
		return "http://127.0.0.1:" + this.elsewhere.getAddress().getPort();
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
