package io.github.entraauth.credential;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.azure.core.credential.AccessToken;
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
import io.github.entraauth.token.RefreshSettings;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real MSAL caching: the credential's authority is https://localhost/ (port 443, where MSAL's
 * cache hits) and its HTTP client carries each request to the emulator's port. With one-hour
 * tokens and 59 minutes left, a refresh through a plain client-secret credential gets MSAL's
 * cached token back (the manager then waits for MSAL's five-minute window), while the starter's
 * renewable credential gets a new token from Entra ID and plans the next refresh at half-life.
 */
class MsalCacheRenewalTests {

	private static final String SCOPE = "api://msal-cache-test/.default";

	private EntraEmulator emulator;

	private TokenManagers managers;

	@BeforeEach
	void start() {
		this.emulator = EntraEmulator.builder().tokenLifetime(Duration.ofMinutes(60)).start();
		this.emulator.registerSecretClient("msal-app", "msal-secret");
		this.managers = new TokenManagers(RefreshSettings.DEFAULTS);
	}

	@AfterEach
	void stop() {
		this.managers.close();
		this.emulator.close();
	}

	@Test
	void aPlainCredentialAnswersARefreshFromMsalsCache() {
		TokenManager manager = this.managers.forIdentity(new EntraIdentity(msalCachingCredential(), "plain"), SCOPE);
		AccessToken first = manager.token();
		int issued = this.emulator.tokensIssued();
		AccessToken refreshed = refreshAfterTheMinimumInterval(manager);
		assertThat(refreshed.getToken()).as("MSAL's cached token").isEqualTo(first.getToken());
		assertThat(this.emulator.tokensIssued()).isEqualTo(issued);
		assertThat(leadTime(manager, refreshed)).as("next attempt just inside MSAL's five-minute window")
			.isLessThanOrEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void theStartersCredentialRenewsPastMsalsCache() throws Exception {
		TokenManager manager = this.managers.forIdentity(
				new EntraIdentity(new RenewableDeferredTokenCredential(this::msalCachingCredential), "renewable"),
				SCOPE);
		AccessToken first = manager.token();
		AccessToken refreshed = refreshAfterTheMinimumInterval(manager);
		assertThat(refreshed.getToken()).as("a new token with 59 minutes left").isNotEqualTo(first.getToken());
		assertThat(this.emulator.verify(refreshed.getToken()).getStringClaim("azp")).isEqualTo("msal-app");
		assertThat(manager.cacheBypasses()).isEqualTo(1);
		Duration lead = leadTime(manager, refreshed);
		assertThat(lead).as("next refresh at half-life").isGreaterThanOrEqualTo(Duration.ofMinutes(29));
		System.out.printf("TOKEN-REPORT real MSAL cache, one-hour token: renewed with 59 min left, next refresh %s"
				+ " before expiry%n", lead);
	}

	private AccessToken refreshAfterTheMinimumInterval(TokenManager manager) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Instant.now().isAfter(manager.status().lastRefresh().plusMillis(1_100)));
		return manager.refresh();
	}

	private static Duration leadTime(TokenManager manager, AccessToken token) {
		return Duration.between(manager.status().nextRefresh(), token.getExpiresAt().toInstant());
	}

	private TokenCredential msalCachingCredential() {
		ConfigurationSource empty = (path) -> Map.of();
		HttpClient jdk = new JdkHttpClientBuilder(
				java.net.http.HttpClient.newBuilder().sslContext(this.emulator.sslContext()))
			.build();
		return new ClientSecretCredentialBuilder().configuration(new ConfigurationBuilder(empty, empty, empty).build())
			.authorityHost("https://localhost/")
			.tenantId(this.emulator.tenantId())
			.clientId("msal-app")
			.clientSecret("msal-secret")
			.disableInstanceDiscovery()
			.httpClient(new ToPort(jdk, URI.create(this.emulator.authorityHost()).getPort()))
			.build();
	}

	/** Sends every request to the same URL on the emulator's port. */
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
