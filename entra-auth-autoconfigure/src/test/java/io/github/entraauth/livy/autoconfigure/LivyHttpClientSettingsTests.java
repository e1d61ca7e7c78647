package io.github.entraauth.livy.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.entraauth.livy.LivyException;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.test.entra.Tls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which HTTP client the auto-configured Livy service sends through: with Boot's HTTP client module, one built from
 * {@code spring.http.clients.*} (here its SSL bundle, the only way to trust a self-signed Livy server); without it,
 * the library's own client on the JVM's trust store, which does not trust that server. A loopback HTTPS server
 * answers Apache Livy's session list.
 */
class LivyHttpClientSettingsTests {

	private final Tls.SelfSigned identity = Tls.serverCertificate();

	private final AtomicInteger requests = new AtomicInteger();

	private HttpsServer livy;

	@BeforeEach
	void startLivy() throws IOException {
		this.livy = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.livy.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext(this.identity)));
		this.livy.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			byte[] body = "{\"from\":0,\"total\":0,\"sessions\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.livy.start();
	}

	@AfterEach
	void stopLivy() {
		this.livy.stop(0);
	}

	@Test
	void usesBootsSslBundleWhenTheApplicationHasBootsHttpClientModule() {
		LivyTestContexts.runner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> {
				assertThat(context.getBean(LivyService.class).listSessions()).isEmpty();
				assertThat(this.requests).hasValue(1);
			});
	}

	@Test
	void usesTheJvmsTrustStoreWithoutBootsHttpClientModule() {
		LivyTestContexts.runnerWithoutBootHttpClient()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> {
				assertThat(context).hasSingleBean(LivyService.class);
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
					.withMessageContaining("PKIX path building failed");
				assertThat(this.requests).hasValue(0);
			});
	}

	private String[] properties() {
		return new String[] { "entra.livy.base-url=https://127.0.0.1:" + this.livy.getAddress().getPort(),
				"entra.livy.dialect=apache", "entra.livy.apache-version=0.8", "entra.livy.auth=none",
				"entra.livy.retry.max-attempts=1", "entra.livy.session.keep-alive-interval=0",
				"entra.livy.session.idle-timeout=0",
				"spring.ssl.bundle.pem.livy.truststore.certificate=" + Tls.certificatePem(this.identity.certificate()),
				"spring.http.clients.ssl.bundle=livy" };
	}

}
