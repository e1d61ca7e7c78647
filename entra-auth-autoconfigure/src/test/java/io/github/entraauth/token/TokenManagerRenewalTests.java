package io.github.entraauth.token;

import io.github.entraauth.credential.EntraIdentity;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pure unit with a credential that behaves like MSAL, time-compressed: it answers from its cache
 * while more than a third of the token's lifetime is left (MSAL: five minutes of an hour), and can
 * renew past it like the starter's own credentials. The refresh at half-life must yield a new
 * token from the renewal, not wait for the cache to let go.
 */
class TokenManagerRenewalTests {

	private static final Duration LIFETIME = Duration.ofSeconds(6);

	private static final Duration CACHE_WINDOW = Duration.ofSeconds(2);

	private final TokenManagers managers = new TokenManagers(new RefreshSettings(Duration.ofSeconds(1),
			Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1)));

	private final AtomicInteger issuedFromCacheMiss = new AtomicInteger();

	private final AtomicInteger renewals = new AtomicInteger();

	private final AtomicReference<AccessToken> cached = new AtomicReference<>();

	@AfterEach
	void close() {
		this.managers.close();
	}

	@Test
	void theRefreshAtHalfLifeRenewsPastTheCredentialsCache() {
		List<AccessToken> announced = new CopyOnWriteArrayList<>();
		TokenManager manager = this.managers.forIdentity(
				new EntraIdentity(new MsalLikeCredential(), "msal-like"),
				"api://renewal/.default");
		manager.addListener(announced::add);
		AccessToken first = manager.token();
		await().atMost(Duration.ofSeconds(20)).until(() -> !manager.token().getToken().equals(first.getToken()));
		assertThat(this.renewals).as("tokens obtained by renewing past the cache").hasValue(1);
		assertThat(this.issuedFromCacheMiss).as("tokens the cache let go of").hasValue(1);
		assertThat(manager.cacheBypasses()).isEqualTo(1);
		assertThat(announced).extracting(AccessToken::getToken).doesNotHaveDuplicates();
	}

	private final class MsalLikeCredential implements RenewableTokenCredential {

		@Override
		public Mono<AccessToken> getToken(TokenRequestContext request) {
			return Mono.fromSupplier(() -> getTokenSync(request));
		}

		@Override
		public AccessToken getTokenSync(TokenRequestContext request) {
			AccessToken held = TokenManagerRenewalTests.this.cached.get();
			if (held != null && held.getExpiresAt().toInstant().isAfter(Instant.now().plus(CACHE_WINDOW))) {
				return held;
			}
			return issue("cache-miss-" + TokenManagerRenewalTests.this.issuedFromCacheMiss.incrementAndGet());
		}

		@Override
		public AccessToken renewTokenSync(TokenRequestContext request) {
			return issue("renewed-" + TokenManagerRenewalTests.this.renewals.incrementAndGet());
		}

		private AccessToken issue(String value) {
			AccessToken token = new AccessToken(value,
					OffsetDateTime.ofInstant(Instant.now().plus(LIFETIME), ZoneOffset.UTC));
			TokenManagerRenewalTests.this.cached.set(token);
			return token;
		}

	}

}
