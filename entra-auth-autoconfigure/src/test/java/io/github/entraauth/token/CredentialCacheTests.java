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
import com.azure.core.credential.TokenCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pure unit: a credential that behaves like MSAL's cache (it returns the token it holds while
 * more than five minutes are left) must not leave the manager holding that token until the last
 * seconds, nor announce it again as new.
 */
class CredentialCacheTests {

	private final TokenManagers managers = new TokenManagers(new RefreshSettings(Duration.ofMinutes(5),
			Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1)));

	@AfterEach
	void close() {
		this.managers.close();
	}

	@Test
	void asksAgainAsSoonAsTheCredentialsCacheReleasesTheToken() {
		AtomicInteger issued = new AtomicInteger();
		AtomicInteger calls = new AtomicInteger();
		AtomicReference<AccessToken> cached = new AtomicReference<>();
		// tokens live five minutes and ten seconds: the manager's first refresh falls inside the cache
		TokenCredential msalLike = (request) -> Mono.fromSupplier(() -> {
			calls.incrementAndGet();
			AccessToken held = cached.get();
			Instant now = Instant.now();
			if (held == null || !held.getExpiresAt().toInstant().isAfter(now.plusSeconds(300))) {
				held = new AccessToken("token-" + issued.incrementAndGet(),
						OffsetDateTime.ofInstant(now.plusSeconds(310), ZoneOffset.UTC));
				cached.set(held);
			}
			return held;
		});
		List<AccessToken> announced = new CopyOnWriteArrayList<>();
		TokenManager manager = this.managers.forIdentity(
				new EntraIdentity(msalLike, "msal-like"),
				"api://cache/.default");
		manager.addListener(announced::add);
		AccessToken first = manager.token();
		await().atMost(Duration.ofSeconds(45)).until(() -> !manager.token().getToken().equals(first.getToken()));
		AccessToken second = manager.token();
		assertThat(second.getToken()).isEqualTo("token-2");
		assertThat(Duration.between(Instant.now(), first.getExpiresAt().toInstant()))
			.as("the new token arrived with minutes to spare").isGreaterThan(Duration.ofMinutes(4));
		assertThat(calls.get()).as("the cached token was asked for once, not in a loop").isBetween(3, 4);
		// the cached token handed back again is not announced as new
		assertThat(announced).extracting(AccessToken::getToken).doesNotHaveDuplicates().endsWith("token-2");
	}

}
