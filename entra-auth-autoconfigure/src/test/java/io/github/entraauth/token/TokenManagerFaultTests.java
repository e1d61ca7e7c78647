package io.github.entraauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import io.github.entraauth.credential.EntraIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Pure units with a fake credential, one per production fault of the token core: each fails on
 * the manager before the fix.
 */
class TokenManagerFaultTests {

	private static final String SCOPE = "api://faults/.default";

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final ExecutorService fetchThreads = Executors.newCachedThreadPool();

	private final AtomicInteger calls = new AtomicInteger();

	@AfterEach
	void stop() {
		this.scheduler.shutdownNow();
		this.fetchThreads.shutdownNow();
	}

	@Test
	void callersWithoutATokenGetTheLastErrorWhileFailuresBackOff() {
		TokenManager manager = manager(counting((request) -> {
			throw new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null);
		}), Duration.ofSeconds(30), this.fetchThreads);
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token)
			.withMessageContaining("AADSTS7000215")
			.withMessageContaining("next attempt at");
		int before = this.calls.get();
		for (int i = 0; i < 200; i++) {
			assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(
					(i % 2 == 0) ? manager::token : manager::refresh)
				.withMessageContaining("AADSTS7000215");
		}
		assertThat(this.calls.get() - before).as("credential calls for 200 calls during the backoff").isZero();
		assertThat(manager.backoffRejections()).isEqualTo(200);
	}

	@Test
	void aRejectedFetchTaskFailsItsCallersAndIsRetried() {
		AtomicInteger submissions = new AtomicInteger();
		// the first submission fails the way a JVM out of threads does, later ones run
		Executor outOfThreadsOnce = (task) -> {
			if (submissions.incrementAndGet() == 1) {
				throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
			}
			this.fetchThreads.execute(task);
		};
		TokenManager manager = manager(counting((request) -> token("t1", Duration.ofMinutes(60))),
				Duration.ofMillis(100), outOfThreadsOnce);
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token)
			.withMessageContaining("unable to create native thread");
		assertThat(manager.status().consecutiveFailures()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(TokenUnavailableException.class)
			.untilAsserted(() -> assertThat(manager.token().getToken()).isEqualTo("t1"));
		Executor rejecting = (task) -> {
			throw new RejectedExecutionException("fetch pool saturated");
		};
		TokenManager rejected = manager(counting((request) -> token("t2", Duration.ofMinutes(60))),
				Duration.ofMillis(100), rejecting);
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(rejected::token)
			.withMessageContaining("fetch pool saturated");
		assertThat(rejected.status().nextRefresh()).as("a retry is scheduled").isNotNull();
	}

	@Test
	void aTokenThatArrivesExpiredIsAFailureNotASuccess() {
		List<AccessToken> announced = new CopyOnWriteArrayList<>();
		// the machine's clock runs an hour ahead of Entra's, so every new token looks expired
		Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61));
		TokenManager manager = new TokenManager(
				new EntraIdentity(counting((request) -> token("skewed", Duration.ofMinutes(60))), "fake"), SCOPE,
				settings(Duration.ofMillis(200)), ahead, this.scheduler, this.fetchThreads);
		manager.addListener(announced::add);
		manager.start();
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token)
			.withMessageContaining("expires at");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.calls.get() >= 3);
		assertThat(manager.status().fetches()).as("successful fetches").isZero();
		assertThat(manager.status().failures()).isPositive();
		assertThat(announced).as("listeners told about an expired token").isEmpty();
		int after = this.calls.get();
		assertThat(after).as("credential calls within the first retries (a hot loop makes thousands)")
			.isLessThan(10);
	}

	@Test
	void aTokenWithLessThanASecondToLiveIsNeverHandedOut() {
		TokenManager manager = manager(counting((request) -> token("short", Duration.ofMillis(400))),
				Duration.ofMillis(200), this.fetchThreads);
		assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token);
		assertThat(manager.status().expiresAt()).isNull();
	}

	@Test
	void throwingObserversAndListenersAreIsolated() {
		TokenManager manager = new TokenManager(
				new EntraIdentity(counting((request) -> token("t" + this.calls.get(), Duration.ofMinutes(60))), "fake"),
				SCOPE, new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(60),
						Duration.ofMillis(100), Duration.ofSeconds(1)),
				Clock.systemUTC(), this.scheduler, this.fetchThreads);
		List<AccessToken> heard = new CopyOnWriteArrayList<>();
		manager.addFetchObserver((observed, nanos, error) -> {
			throw new StackOverflowError("observer");
		});
		manager.addListener((token) -> {
			throw new AssertionError("listener");
		});
		manager.addListener(heard::add);
		CompletableFuture<AccessToken> first = CompletableFuture.supplyAsync(manager::token, this.fetchThreads);
		assertThat(first).as("completes long before the 60 s fetch timeout").succeedsWithin(Duration.ofSeconds(20));
		// listeners hear of a token after its waiters have it
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(heard).as("the listener after the throwing one").hasSize(1));
	}

	private TokenManager manager(TokenCredential credential, Duration initialBackoff,
			Executor fetchExecutor) {
		return new TokenManager(new EntraIdentity(credential, "fake"), SCOPE, settings(initialBackoff), Clock.systemUTC(),
				this.scheduler, fetchExecutor);
	}

	private static RefreshSettings settings(Duration initialBackoff) {
		return new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(5), initialBackoff,
				initialBackoff.multipliedBy(4));
	}

	private TokenCredential counting(Function<TokenRequestContext, AccessToken> source) {
		return new TokenCredential() {
			@Override
			public Mono<AccessToken> getToken(TokenRequestContext request) {
				return Mono.fromSupplier(() -> getTokenSync(request));
			}

			@Override
			public AccessToken getTokenSync(TokenRequestContext request) {
				TokenManagerFaultTests.this.calls.incrementAndGet();
				return source.apply(request);
			}
		};
	}

	private static AccessToken token(String value, Duration lifetime) {
		return new AccessToken(value, OffsetDateTime.ofInstant(Instant.now().plus(lifetime), ZoneOffset.UTC));
	}

}
