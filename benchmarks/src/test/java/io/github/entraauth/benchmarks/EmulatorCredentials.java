package io.github.entraauth.benchmarks;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.core.util.Context;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.github.entraauth.test.entra.EntraEmulator;
import reactor.core.publisher.Mono;

/**
 * The real azure-identity client-secret credential, pointed at an Entra emulator.
 * <p>
 * MSAL's token cache never hits when the authority URL carries a port (MSAL for Java issue 529),
 * and the emulator listens on an OS-chosen port. So that the credential caches as it does against
 * {@code login.microsoftonline.com}, it is given the authority {@code https://localhost/} and an
 * HTTP client that adds the emulator's port to each request.
 */
final class EmulatorCredentials {

	static final String CLIENT_ID = "bench-app";

	static final String CLIENT_SECRET = "bench-secret";

	private EmulatorCredentials() {
	}

	/** Registers the benchmark client and returns a fresh credential for it. */
	static TokenCredential clientSecret(EntraEmulator emulator) {
		emulator.registerSecretClient(CLIENT_ID, CLIENT_SECRET);
		int port = URI.create(emulator.authorityHost()).getPort();
		HttpClient jdk = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext()))
			.build();
		// no AZURE_* variables of this machine leak into the credential
		ConfigurationSource empty = (path) -> Map.of();
		return new ClientSecretCredentialBuilder().configuration(new ConfigurationBuilder(empty, empty, empty).build())
			.authorityHost("https://localhost/")
			.tenantId(emulator.tenantId())
			.clientId(CLIENT_ID)
			.clientSecret(CLIENT_SECRET)
			.disableInstanceDiscovery()
			.httpClient(new ToPort(jdk, port))
			.build();
	}

	/** Sends every request to the same URL on another port. */
	private record ToPort(HttpClient delegate, int port) implements HttpClient {

		@Override
		public Mono<HttpResponse> send(HttpRequest request) {
			return this.delegate.send(withPort(request));
		}

		@Override
		public Mono<HttpResponse> send(HttpRequest request, Context context) {
			return this.delegate.send(withPort(request), context);
		}

		@Override
		public HttpResponse sendSync(HttpRequest request, Context context) {
			return this.delegate.sendSync(withPort(request), context);
		}

		private HttpRequest withPort(HttpRequest request) {
			URL url = request.getUrl();
			try {
				return request.setUrl(new URL(url.getProtocol(), url.getHost(), this.port, url.getFile()));
			}
			catch (MalformedURLException ex) {
				throw new IllegalArgumentException(ex);
			}
		}

	}

}
