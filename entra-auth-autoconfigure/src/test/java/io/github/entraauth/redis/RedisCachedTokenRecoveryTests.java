package io.github.entraauth.redis;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisConnectionInfo;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.AccessTokenClaims;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One-hour tokens from an application credential that caches them the way MSAL does (the same
 * token while more than five minutes are left, and it cannot be renewed), against a real
 * redis-server: after a re-AUTH that Redis rejected, every live connection must end up on the
 * newest token although the credential keeps returning the token already sent.
 */
@SpringBootTest(classes = { RedisTestApplication.class, RedisCachedTokenRecoveryTests.CachingCredential.class },
		properties = { "spring.data.redis.timeout=3s" })
@DirtiesContext
class RedisCachedTokenRecoveryTests {

	private static final String CLIENT_NAME = "cached-token-app";

	private static final EntraEmulator emulator = RedisTestApplication.emulator(Duration.ofMinutes(60));

	private static final RedisServer redis = RedisServer.start().acceptTokensFrom(emulator);

	@Autowired
	private StringRedisTemplate template;

	@Autowired
	private ReactiveStringRedisTemplate reactiveTemplate;

	@Autowired
	private BlockingQueue<String> receivedMessages;

	@Autowired
	private TokenManagers tokenManagers;

	@Autowired
	private MsalLikeCredential credential;

	@Autowired
	private RedisReauthentications reauthentications;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestApplication.properties(registry, emulator, redis, CLIENT_NAME);
	}

	@AfterAll
	static void stopPeers() {
		redis.close();
		emulator.close();
	}

	@Test
	void aRejectedReauthenticationIsRepairedWithTheCachedNewestToken() {
		exercise("before");
		List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, CLIENT_NAME, 3);
		String first = users(live).iterator().next();
		TokenManager manager = RedisTestApplication.redisTokenManager(this.tokenManagers);
		long failedBefore = this.reauthentications.failed();
		// the credential's cache lets go and the next token's Redis user is not there yet
		this.credential.release();
		redis.rejectNextTokens(1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Instant.now().isAfter(manager.status().lastRefresh().plusMillis(1_100)));
		AccessToken second = manager.refresh();
		String secondUser = AccessTokenClaims.parse(second.getToken()).oid();
		assertThat(secondUser).isNotEqualTo(first);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.reauthentications.failed() > failedBefore);
		// Redis learns the user late; from now on the credential returns this very token for an hour
		redis.addUser(secondUser, second.getToken());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> users(redis.connections(CLIENT_NAME)).equals(Set.of(secondUser))
					&& redis.connections(CLIENT_NAME).size() >= 3);
		assertThat(redis.expire(first)).as("the first token's user existed until now").isTrue();
		exercise("after");
		assertThat(users(redis.connections(CLIENT_NAME))).containsOnly(secondUser);
		assertThat(this.reauthentications.resends() + this.reauthentications.reconnects())
			.as("recoveries that resent the cached token or reconnected").isPositive();
		System.out.printf("REAUTH-REPORT cached token: failed=%d resends=%d reconnects=%d credential calls=%d%n",
				this.reauthentications.failed() - failedBefore, this.reauthentications.resends(),
				this.reauthentications.reconnects(), this.credential.calls());
	}

	private void exercise(String value) {
		RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, value);
	}

	private static Set<String> users(List<RedisConnectionInfo> connections) {
		return connections.stream().map(RedisConnectionInfo::user).collect(Collectors.toSet());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CachingCredential {

		@Bean
		MsalLikeCredential msalLikeCredential() {
			ConfigurationSource empty = (path) -> Map.of();
			TokenCredential real = new ClientSecretCredentialBuilder()
				.configuration(new ConfigurationBuilder(empty, empty, empty).build())
				.authorityHost(emulator.authorityHost())
				.tenantId(emulator.tenantId())
				.clientId(RedisTestApplication.CLIENT_ID)
				.clientSecret(RedisTestApplication.CLIENT_SECRET)
				.disableInstanceDiscovery()
				.httpClient(new JdkHttpClientBuilder(
						HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
				.build();
			return new MsalLikeCredential(real);
		}

	}

	/**
	 * Caches like MSAL (which misses its cache on the emulator's non-443 port): the held token is
	 * returned while more than five minutes are left, until the test releases it.
	 */
	static final class MsalLikeCredential implements TokenCredential {

		private final TokenCredential delegate;

		private final AtomicReference<AccessToken> cached = new AtomicReference<>();

		private volatile int calls;

		MsalLikeCredential(TokenCredential delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<AccessToken> getToken(TokenRequestContext request) {
			return Mono.fromSupplier(() -> getTokenSync(request));
		}

		@Override
		public synchronized AccessToken getTokenSync(TokenRequestContext request) {
			this.calls++;
			AccessToken held = this.cached.get();
			if (held != null && held.getExpiresAt().toInstant().isAfter(Instant.now().plusSeconds(300))) {
				return held;
			}
			AccessToken fresh = this.delegate.getTokenSync(request);
			this.cached.set(fresh);
			return fresh;
		}

		void release() {
			this.cached.set(null);
		}

		int calls() {
			return this.calls;
		}

	}

}
