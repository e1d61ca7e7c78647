package io.github.entraauth.token;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.test.entra.EntraEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The token manager against the Entra emulator and the real azure-identity client-secret
 * credential, with short-lived tokens so that refreshes really happen.
 */
class TokenManagerTests {

	private static final String SCOPE = "api://token-manager-test/.default";

	private EntraEmulator emulator;

	private TokenManagers managers;

	@BeforeEach
	void start() {
		this.emulator = EntraEmulator.start();
		this.emulator.registerSecretClient("app", "secret");
	}

	@AfterEach
	void stop() {
		if (this.managers != null) {
			this.managers.close();
		}
		this.emulator.close();
	}

	@Test
	void refreshesShortLivedTokensBeforeTheyExpire() {
		this.emulator.tokenLifetime(Duration.ofSeconds(6));
		List<AccessToken> announced = new CopyOnWriteArrayList<>();
		TokenManager manager = manager(settings(Duration.ofMinutes(5), Duration.ofSeconds(5)));
		manager.addListener(announced::add);
		AccessToken first = manager.token();
		Instant firstExpiry = first.getExpiresAt().toInstant();
		await().atMost(Duration.ofSeconds(10)).until(() -> manager.token() != first);
		Instant switched = Instant.now();
		AccessToken second = manager.token();
		assertThat(switched).as("new token in place before the old one expired").isBefore(firstExpiry);
		assertThat(second.getExpiresAt()).isAfter(first.getExpiresAt());
		assertThat(second.getToken()).isNotEqualTo(first.getToken());
		assertThat(announced).contains(second);
		assertThat(manager.status().lastRefresh()).isBeforeOrEqualTo(Instant.now());
		assertThat(manager.status().nextRefresh()).isBefore(second.getExpiresAt().toInstant());
	}

	@Test
	void concurrentCallersWithoutATokenShareOneRequest() throws Exception {
		this.emulator.faults().latency(Duration.ofMillis(500));
		TokenManager manager = manager(settings(Duration.ofMinutes(5), Duration.ofSeconds(10)));
		List<AccessToken> tokens = callConcurrently(100, manager::token);
		assertThat(tokens).hasSize(100).allSatisfy((token) -> assertThat(token).isSameAs(tokens.get(0)));
		assertThat(this.emulator.tokensIssued()).isEqualTo(1);
		this.emulator.resetCounters();
		// fetches start at least a second apart
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Instant.now().isAfter(manager.status().lastRefresh().plusMillis(1_100)));
		List<AccessToken> refreshed = callConcurrently(100, manager::refresh);
		assertThat(refreshed).allSatisfy((token) -> assertThat(token).isNotSameAs(tokens.get(0)));
		assertThat(this.emulator.tokensIssued()).isEqualTo(1);
	}

	@Test
	void outageShorterThanRemainingLifetimeCausesNoFailedCalls() {
		this.emulator.tokenLifetime(Duration.ofSeconds(15));
		TokenManager manager = manager(settings(Duration.ofMinutes(5), Duration.ofSeconds(1)));
		AccessToken first = manager.token();
		this.emulator.faults().outage(true);
		Instant outageEnds = Instant.now().plusSeconds(13);
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		while (Instant.now().isBefore(outageEnds)) {
			callCounting(manager, calls, failures);
		}
		this.emulator.faults().outage(false);
		assertThat(manager.status().consecutiveFailures()).as("refresh attempts failed during the outage").isPositive();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			callCounting(manager, calls, failures);
			assertThat(manager.token()).isNotSameAs(first);
		});
		assertThat(failures).as("failed token() calls out of %s", calls.get()).hasValue(0);
		assertThat(manager.status().consecutiveFailures()).isZero();
	}

	@Test
	void outageLongerThanLifetimeFailsClearlyAndRecovers() {
		this.emulator.tokenLifetime(Duration.ofSeconds(3));
		TokenManager manager = manager(settings(Duration.ofMinutes(5), Duration.ofSeconds(1)));
		AccessToken first = manager.token();
		this.emulator.faults().outage(true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Instant.now().isAfter(first.getExpiresAt().toInstant().plusMillis(200)));
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token)
			.withMessageContaining(SCOPE)
			.withMessageContaining("client app")
			.satisfies((ex) -> assertThat(ex.getScope()).isEqualTo(SCOPE));
		assertThat(manager.status().isValidAt(Instant.now())).isFalse();
		assertThat(manager.status().lastErrorType()).isNotNull();
		this.emulator.faults().outage(false);
		// callers get the last error at once until the next attempt is due
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(TokenUnavailableException.class)
			.untilAsserted(() -> assertThat(manager.token()).isNotSameAs(first));
	}

	private void callCounting(TokenManager manager, AtomicInteger calls, AtomicInteger failures) {
		calls.incrementAndGet();
		try {
			manager.token();
		}
		catch (TokenUnavailableException ex) {
			failures.incrementAndGet();
		}
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<AccessToken> callConcurrently(int threads, Callable<AccessToken> call)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<AccessToken>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					go.await();
					return call.call();
				}));
			}
			go.countDown();
			List<AccessToken> tokens = new ArrayList<>();
			for (Future<AccessToken> future : futures) {
				tokens.add(future.get());
			}
			return tokens;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private RefreshSettings settings(Duration refreshBeforeExpiry, Duration fetchTimeout) {
		return new RefreshSettings(refreshBeforeExpiry, fetchTimeout, Duration.ofMillis(200), Duration.ofSeconds(1));
	}

	/** A manager that has not fetched yet: the first fetch starts in the background on creation. */
	private TokenManager manager(RefreshSettings settings) {
		this.managers = new TokenManagers(settings);
		return this.managers.forIdentity(new EntraIdentity(credential(), "client-secret (client app)"), SCOPE);
	}

	private TokenCredential credential() {
		ConfigurationSource empty = (path) -> Map.of();
		return new ClientSecretCredentialBuilder().configuration(new ConfigurationBuilder(empty, empty, empty).build())
			.authorityHost(this.emulator.authorityHost())
			.tenantId(this.emulator.tenantId())
			.clientId("app")
			.clientSecret("secret")
			.disableInstanceDiscovery()
			.httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(this.emulator.sslContext()))
				.build())
			.build();
	}

}
