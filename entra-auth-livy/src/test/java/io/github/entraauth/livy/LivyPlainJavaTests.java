package io.github.entraauth.livy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The library from plain Java, with no Spring context: a service built with a bearer-token supplier
 * runs SQL against a Fabric emulator that validates every token, refreshes once after a 401, and
 * refuses unsafe or invalid settings with an IllegalArgumentException naming the argument.
 */
class LivyPlainJavaTests {

	private static final String ISSUER = "https://login.example.test/tenant/v2.0";

	private static final String AUDIENCE = "https://api.fabric.microsoft.com";

	@Test
	void runsSqlWithTokensFromASupplierAndRefreshesOnceAfterA401() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		try (LivyEmulator emulator = LivyEmulator.fabric()
			.requireBearer(new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE)) {
			emulator.executeSql("create table t(v int)");
			emulator.executeSql("insert into t values (7)");
			// the first token has already expired: the server answers 401 and the refresh hook runs
			AtomicReference<String> current = new AtomicReference<>(token(key, "user-1", Instant.now().minusSeconds(60)));
			AtomicInteger refreshes = new AtomicInteger();
			LivyCredentials credentials = LivyCredentials.bearer(current::get, () -> {
				refreshes.incrementAndGet();
				current.set(token(key, "user-1", Instant.now().plusSeconds(3600)));
			});
			try (LivyService livy = LivyService.builder(emulator.baseUrl())
				.credentials(credentials)
				.poll(LivyTestServices.POLL)
				.retry(LivyTestServices.RETRY)
				.sessionDefaults(LivyTestServices.SESSIONS)
				.build()) {
				assertThat(livy.dialect()).isEqualTo(LivyDialect.FABRIC);
				try (LivySession session = livy.startSession()) {
					StatementResult result = session.sql("select v from t");
					assertThat(result.table().rows()).containsExactly(List.of(7));
				}
			}
			assertThat(refreshes).hasValue(1);
			List<RecordedLivyRequest> requests = emulator.requests();
			assertThat(requests.get(0).status()).isEqualTo(401);
			assertThat(requests.subList(1, requests.size())).allSatisfy((request) -> {
				assertThat(request.status()).isBetween(200, 299);
				assertThat(request.oid()).isEqualTo("user-1");
			});
			assertThat(emulator.sessionIds()).isEmpty();
		}
	}

	@Test
	void refusesToSendCredentialsOverPlainHttpToAnotherHost() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LivyService.builder("http://livy.example.com:8998")
				.credentials(LivyCredentials.basic("user", "not-the-password-3f1c"))
				.build())
			.withMessageStartingWith("baseUrl")
			.withMessageNotContaining("not-the-password-3f1c");
		try (LivyService allowed = LivyService.builder("http://livy.example.com:8998")
			.credentials(LivyCredentials.bearer(() -> "token"))
			.allowInsecureHttp(true)
			.build()) {
			assertThat(allowed.dialect()).isEqualTo(LivyDialect.APACHE);
		}
		try (LivyService loopback = LivyService.builder("http://127.0.0.1:8998")
			.credentials(LivyCredentials.bearer(() -> "token"))
			.build()) {
			assertThat(loopback.openSessions()).isEmpty();
		}
		try (LivyService anonymous = LivyService.builder("http://livy.example.com:8998").build()) {
			assertThatIllegalArgumentException().isThrownBy(() -> anonymous.withTokenSource(() -> "user-token"))
				.withMessageStartingWith("baseUrl");
		}
	}

	@Test
	void namesTheArgumentOfAnInvalidSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> LivyService.builder("ftp://livy").build())
			.withMessageStartingWith("baseUrl");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LivyRetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO,
					Duration.ZERO))
			.withMessageStartingWith("maxAttempts");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LivyPollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO,
					Duration.ZERO, Duration.ZERO))
			.withMessageStartingWith("maxInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> SparkResources.none().withExecutors("4g", -1, null))
			.withMessageStartingWith("executorCores");
	}

	private static String token(RSAKey key, String oid, Instant expiry) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.claim("oid", oid)
			.expirationTime(Date.from(expiry))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
