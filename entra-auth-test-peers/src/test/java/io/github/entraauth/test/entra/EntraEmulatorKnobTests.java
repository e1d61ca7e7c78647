package io.github.entraauth.test.entra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The emulator's knobs (lifetime, oid per token, listeners, counters) and injected faults, observed through a
 * real {@code ClientSecretCredential}.
 */
class EntraEmulatorKnobTests {

	private static final String CLIENT_ID = "knob-app";

	private static final String SECRET = "knob-secret-value";

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	private static final List<IssuedToken> issued = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void registerClient(EntraEmulator emulator) {
		emulator.registerSecretClient(CLIENT_ID, SECRET, "Kafka.Write");
		emulator.onTokenIssued(issued::add);
	}

	@AfterEach
	void restoreKnobs(EntraEmulator emulator) {
		emulator.tokenLifetime(Duration.ofHours(1));
		emulator.oidPerToken(false);
		emulator.faults().failNext(0, 500);
		emulator.faults().latency(Duration.ZERO);
		emulator.faults().outage(false);
		emulator.faults().dropConnections(false);
		emulator.resetCounters();
		issued.clear();
	}

	@Test
	void tokenLifetimeKnobShortensExpiry(EntraEmulator emulator) {
		emulator.tokenLifetime(Duration.ofSeconds(90));

		Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		AccessToken token = getToken(emulator, "api://short-lived/.default");
		Instant after = Instant.now();

		assertThat(token.getExpiresAt().toInstant()).isBetween(before.plusSeconds(90), after.plusSeconds(90));
		// the JWT's exp is counted from the emulator's clock, the client's expiry from its receipt: a second apart
		// when a second boundary falls between them
		assertThat(emulator.verify(token.getToken()).getExpirationTime().toInstant())
			.isCloseTo(token.getExpiresAt().toInstant(), within(1, ChronoUnit.SECONDS));
	}

	@Test
	void oidPerTokenGivesEachTokenItsOwnNumberedOid(EntraEmulator emulator) throws Exception {
		emulator.oidPerToken(true);
		String stable = emulator.oidOf(CLIENT_ID);

		String first = emulator.verify(getToken(emulator, "api://redis-a/.default").getToken()).getStringClaim("oid");
		String second = emulator.verify(getToken(emulator, "api://redis-b/.default").getToken()).getStringClaim("oid");

		assertThat(first).isEqualTo(stable + "-g1");
		assertThat(second).isEqualTo(stable + "-g2");
		assertThat(issued).extracting(IssuedToken::oid).containsExactly(first, second);
	}

	@Test
	void listenerSeesTokenBeforeTheCallerDoes(EntraEmulator emulator) {
		AccessToken token = getToken(emulator, "api://listened/.default");

		// no waiting: the listener ran before the response was written
		assertThat(issued).singleElement().satisfies((seen) -> {
			assertThat(seen.jwt()).isEqualTo(token.getToken());
			assertThat(seen.clientId()).isEqualTo(CLIENT_ID);
			assertThat(seen.oid()).isEqualTo(emulator.oidOf(CLIENT_ID));
			assertThat(seen.audience()).isEqualTo("api://listened");
			// MSAL computes the client's expiry from the whole-second expires_in when the answer arrives
			assertThat(seen.expiresAt()).isCloseTo(token.getExpiresAt().toInstant(), within(2, ChronoUnit.SECONDS));
			assertThat(seen.toString()).doesNotContain(token.getToken());
		});
	}

	@Test
	void countersCountSuccessfulTokenResponsesPerAudience(EntraEmulator emulator) {
		getToken(emulator, "api://counted/.default");
		getToken(emulator, "api://counted/.default");
		getToken(emulator, "api://other/.default");
		emulator.mintAccessToken(CLIENT_ID, "api://counted", Duration.ofMinutes(5));

		assertThat(emulator.tokensIssued()).isEqualTo(3);
		assertThat(emulator.tokensIssued("api://counted")).isEqualTo(2);
		assertThat(emulator.tokensIssued("api://counted/.default")).isEqualTo(2);
		assertThat(emulator.tokensIssued("api://never")).isZero();
		assertThat(issued).hasSize(4);

		emulator.resetCounters();

		assertThat(emulator.tokensIssued()).isZero();
		assertThat(emulator.tokensIssued("api://counted")).isZero();
		assertThat(emulator.requests()).isEmpty();
	}

	@Test
	void requestLogNeverHoldsTheSecretOrToken(EntraEmulator emulator) {
		AccessToken token = getToken(emulator, "api://logged/.default");

		assertThat(emulator.requests()).singleElement().satisfies((request) -> {
			assertThat(request.kind()).isEqualTo("client_secret");
			assertThat(request.clientId()).isEqualTo(CLIENT_ID);
			assertThat(request.status()).isEqualTo(200);
		});
		assertThat(emulator.requests().toString()).doesNotContain(SECRET, token.getToken());
	}

	@Test
	void failNextFailsThatManyRequestsThenRecovers(EntraEmulator emulator) {
		emulator.faults().failNext(2, 400);

		assertThatThrownBy(() -> getToken(emulator, "api://flaky/.default")).hasMessageContaining("AADSTS90033");
		assertThatThrownBy(() -> getToken(emulator, "api://flaky/.default")).hasMessageContaining("AADSTS90033");
		AccessToken token = getToken(emulator, "api://flaky/.default");

		assertThat(emulator.verify(token.getToken()).getAudience()).containsExactly("api://flaky");
		assertThat(emulator.requests()).extracting(RecordedRequest::status).containsExactly(400, 400, 200);
	}

	@Test
	void transientServerErrorIsRetriedByAzureCore(EntraEmulator emulator) {
		emulator.faults().failNext(1, 503);

		AccessToken token = getToken(emulator, "api://retried/.default");

		assertThat(token.getToken()).isNotBlank();
		assertThat(emulator.requests()).extracting(RecordedRequest::status).containsExactly(503, 200);
	}

	@Test
	void outageAnswers503ButKeepsJwksUp(EntraEmulator emulator) throws Exception {
		emulator.faults().outage(true);

		assertThatThrownBy(() -> getTokenWithoutRetries(emulator, "api://outage/.default"))
			.hasMessageContaining("AADSTS90033");
		assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(503);
		HttpResponse<String> jwks = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(emulator.jwksUrl())).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(jwks.statusCode()).isEqualTo(200);

		emulator.faults().outage(false);

		assertThat(getTokenWithoutRetries(emulator, "api://outage/.default").getToken()).isNotBlank();
	}

	@Test
	void latencyDelaysTokenResponses(EntraEmulator emulator) {
		emulator.faults().latency(Duration.ofMillis(400));

		long started = System.nanoTime();
		getToken(emulator, "api://slow/.default");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void droppedConnectionsFailUntilTurnedOff(EntraEmulator emulator) {
		emulator.faults().dropConnections(true);

		assertThatThrownBy(() -> getTokenWithoutRetries(emulator, "api://dropped/.default"))
			.isInstanceOf(RuntimeException.class);
		assertThat(emulator.requests()).isNotEmpty().extracting(RecordedRequest::status).containsOnly(0);
		assertThat(emulator.tokensIssued()).isZero();

		emulator.faults().dropConnections(false);

		assertThat(getTokenWithoutRetries(emulator, "api://dropped/.default").getToken()).isNotBlank();
	}

	@Test
	void failingListenerTurnsTheTokenResponseIntoServerError() {
		try (EntraEmulator emulator = EntraEmulator.start()) {
			emulator.registerSecretClient(CLIENT_ID, SECRET);
			emulator.onTokenIssued((token) -> {
				throw new IllegalStateException("listener broke");
			});

			assertThatThrownBy(() -> getTokenWithoutRetries(emulator, "api://broken/.default"))
				.hasMessageContaining("AADSTS90033");
			assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(500);
			assertThat(emulator.tokensIssued()).isZero();
		}
	}

	private static AccessToken getToken(EntraEmulator emulator, String scope) {
		TokenCredential credential = Credentials
			.against(emulator, new ClientSecretCredentialBuilder().clientId(CLIENT_ID).clientSecret(SECRET))
			.build();
		return credential.getTokenSync(new TokenRequestContext().addScopes(scope));
	}

	private static AccessToken getTokenWithoutRetries(EntraEmulator emulator, String scope) {
		TokenCredential credential = Credentials
			.againstWithoutRetries(emulator, new ClientSecretCredentialBuilder().clientId(CLIENT_ID).clientSecret(SECRET))
			.build();
		return credential.getTokenSync(new TokenRequestContext().addScopes(scope));
	}

}
