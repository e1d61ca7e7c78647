package io.github.entraauth.livy.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.github.entraauth.livy.LivyException;
import io.github.entraauth.livy.LivyService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured Livy service never follows a redirect with its credentials, although Boot's HTTP client
 * settings ask to follow redirects and the application's request factory builder follows every one: two real
 * loopback servers, the base URL's answering 307 towards the other's port.
 */
class LivyRedirectAutoConfigurationTests {

	private HttpServer livy;

	private HttpServer elsewhere;

	private final List<String> elsewhereRequests = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startServers() throws IOException {
		this.elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.elsewhere.createContext("/", (exchange) -> {
			this.elsewhereRequests.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.elsewhere.start();
		this.livy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.livy.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("Location", elsewhereOrigin() + "/sessions");
			exchange.sendResponseHeaders(307, -1);
			exchange.close();
		});
		this.livy.start();
	}

	@AfterEach
	void stopServers() {
		this.livy.stop(0);
		this.elsewhere.stop(0);
	}

	@Test
	void basicCredentialsStayHomeWhateverBootsHttpClientSettingsSay() {
		LivyTestContexts.runner()
			.withPropertyValues(basicAuthProperties())
			.withPropertyValues("spring.http.clients.redirects=follow")
			.withBean(ClientHttpRequestFactoryBuilder.class, () -> ClientHttpRequestFactoryBuilder.jdk()
				.withHttpClientCustomizer((client) -> client.followRedirects(HttpClient.Redirect.ALWAYS)))
			.run((context) -> {
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
					.withMessageContaining("redirected (307) to " + elsewhereOrigin())
					.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("redirect-auto-password"));
				assertThat(this.elsewhereRequests).isEmpty();
			});
	}

	@Test
	void basicCredentialsStayHomeWithoutBootsHttpClientModule() {
		LivyTestContexts.runnerWithoutBootHttpClient()
			.withPropertyValues(basicAuthProperties())
			.run((context) -> {
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
					.withMessageContaining("redirected (307) to " + elsewhereOrigin());
				assertThat(this.elsewhereRequests).isEmpty();
			});
	}

	/** Boot's module is there but its HttpClientAutoConfiguration is not: Livy takes Boot's default settings. */
	@Test
	void basicCredentialsStayHomeWithBootsHttpClientModuleButNoSettingsBean() {
		LivyTestContexts.runnerWithoutBootHttpClientSettings()
			.withPropertyValues(basicAuthProperties())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(HttpClientSettings.class);
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
					.withMessageContaining("redirected (307) to " + elsewhereOrigin());
				assertThat(this.elsewhereRequests).isEmpty();
			});
	}

	private String[] basicAuthProperties() {
		return new String[] { "entra.livy.base-url=http://127.0.0.1:" + this.livy.getAddress().getPort(),
				"entra.livy.dialect=apache", "entra.livy.apache-version=0.8", "entra.livy.auth=basic",
				"entra.livy.basic.username=livy-user", "entra.livy.basic.password=redirect-auto-password",
				"entra.livy.retry.initial-backoff=10ms", "entra.livy.session.keep-alive-interval=0",
				"entra.livy.session.idle-timeout=0" };
	}

	private String elsewhereOrigin() {
		return "http://127.0.0.1:" + this.elsewhere.getAddress().getPort();
	}

}
