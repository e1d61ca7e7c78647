package io.github.entraauth.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.RefreshSettings;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;

/**
 * Figure 2: callers released together the moment the cached token has expired, counted in token
 * requests the Entra emulator answered. A count, not a timing, so it runs outside JMH.
 * <p>
 * The manager's background refresh is kept from replacing the token in time by an Entra outage
 * around its refresh time (and a retry backoff longer than the test), so its callers really find
 * no valid token; the azure-identity credential's MSAL cache simply holds the expired token. Each
 * token request takes {@value #LATENCY_MILLIS} ms so that the callers overlap the requests.
 */
final class ThunderingHerd {

	private static final String SCOPE = "api://bench-herd/.default";

	private static final Duration LIFETIME = Duration.ofSeconds(2);

	private static final long LATENCY_MILLIS = 100;

	/** The token requests each side made for one herd. */
	record Outcome(int callers, int managerRequests, int credentialRequests) {
	}

	private ThunderingHerd() {
	}

	static Outcome run(int callers) {
		try (EntraEmulator emulator = EntraEmulator.builder().tokenLifetime(LIFETIME).start()) {
			int managerRequests = managerHerd(emulator, callers);
			int credentialRequests = credentialHerd(emulator, callers);
			return new Outcome(callers, managerRequests, credentialRequests);
		}
	}

	private static int managerHerd(EntraEmulator emulator, int callers) {
		RefreshSettings noRetryDuringTest = new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
				Duration.ofMinutes(10), Duration.ofMinutes(10));
		try (TokenManagers managers = new TokenManagers(noRetryDuringTest)) {
			TokenManager manager = managers.forCredential(EmulatorCredentials.clientSecret(emulator), "bench", SCOPE);
			AccessToken first = manager.token();
			emulator.outage(true);
			// the background refresh must have failed (azure-identity may retry inside it) before the outage ends
			waitFor(() -> manager.status().consecutiveFailures() >= 1);
			waitUntilExpired(first);
			emulator.outage(false);
			emulator.latency(Duration.ofMillis(LATENCY_MILLIS));
			emulator.resetCounters();
			List<AccessToken> tokens = callTogether(callers, manager::token);
			requireFresh(tokens, first);
			return emulator.tokensIssued();
		}
		finally {
			emulator.latency(Duration.ZERO);
		}
	}

	private static int credentialHerd(EntraEmulator emulator, int callers) {
		TokenCredential credential = EmulatorCredentials.clientSecret(emulator);
		TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);
		AccessToken first = credential.getTokenSync(request);
		waitUntilExpired(first);
		emulator.latency(Duration.ofMillis(LATENCY_MILLIS));
		emulator.resetCounters();
		try {
			List<AccessToken> tokens = callTogether(callers, () -> credential.getTokenSync(request));
			requireFresh(tokens, first);
			return emulator.tokensIssued();
		}
		finally {
			emulator.latency(Duration.ZERO);
		}
	}

	private static void waitUntilExpired(AccessToken token) {
		Instant expiry = token.getExpiresAt().toInstant().plusMillis(50);
		long wait = Duration.between(Instant.now(), expiry).toMillis();
		if (wait > 0) {
			sleep(wait);
		}
	}

	/** Starts every caller, lets them wait at one gate, then opens it. */
	private static List<AccessToken> callTogether(int callers, Supplier<AccessToken> call) {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch ready = new CountDownLatch(callers);
			CountDownLatch gate = new CountDownLatch(1);
			List<Future<AccessToken>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				futures.add(pool.submit(() -> {
					ready.countDown();
					gate.await();
					return call.get();
				}));
			}
			if (!ready.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Callers did not start");
			}
			gate.countDown();
			List<AccessToken> tokens = new ArrayList<>();
			for (Future<AccessToken> future : futures) {
				tokens.add(future.get(5, TimeUnit.MINUTES));
			}
			return tokens;
		}
		catch (Exception ex) {
			throw new IllegalStateException("A caller failed: " + ex.getClass().getSimpleName(), ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void requireFresh(List<AccessToken> tokens, AccessToken expired) {
		for (AccessToken token : tokens) {
			if (token == null || token.getToken().equals(expired.getToken()) || token.isExpired()) {
				throw new IllegalStateException("A caller got no fresh token");
			}
		}
	}

	private static void waitFor(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The background refresh did not fail during the outage");
			}
			sleep(20);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
