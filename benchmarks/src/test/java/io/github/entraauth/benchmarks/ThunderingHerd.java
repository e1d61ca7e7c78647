package io.github.entraauth.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.credential.EntraIdentity;
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
 * no valid token; the azure-identity credential's MSAL cache simply holds the expired token.
 */
final class ThunderingHerd {

	private static final String SCOPE = "api://bench-herd/.default";

	private static final Duration LIFETIME = Duration.ofSeconds(2);

	/**
	 * How long the callers get. Many concurrent azure-identity calls stall in its HTTP client until
	 * its 60 s read timeout, in waves; the callers still waiting then are counted, not awaited.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(90);

	/** The token requests, failed callers and time until the last caller returned, per side. */
	record Outcome(int callers, Side manager, Side credential) {
	}

	/**
	 * One side of the herd: token requests answered, callers that failed, callers still waiting at
	 * the deadline, and the time until the last caller returned (or the deadline).
	 */
	record Side(int requests, int failedCallers, int unfinishedCallers, String firstFailure, long millis) {
	}

	private ThunderingHerd() {
	}

	static Outcome run(int callers) {
		try (EntraEmulator emulator = EntraEmulator.builder().tokenLifetime(LIFETIME).start()) {
			Side manager = managerHerd(emulator, callers);
			Side credential = credentialHerd(emulator, callers);
			return new Outcome(callers, manager, credential);
		}
	}

	private static Side managerHerd(EntraEmulator emulator, int callers) {
		RefreshSettings settings = new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
				Duration.ofSeconds(1), Duration.ofSeconds(60));
		try (TokenManagers managers = new TokenManagers(settings)) {
			TokenManager manager = managers.forIdentity(
					new EntraIdentity(EmulatorCredentials.clientSecret(emulator), "bench"),
					SCOPE);
			AccessToken first = manager.token();
			// the background refresh (due at half-life) outlasts the token, so the herd finds it expired;
			// a failed refresh would not do: callers then get the last error until the next attempt is due
			emulator.faults().latency(LIFETIME.plusSeconds(1));
			waitUntilExpired(first);
			emulator.resetCounters();
			try {
				Herd herd = callTogether(callers, manager::token, first);
				return new Side(emulator.tokensIssued(), herd.failed(), herd.unfinished(), herd.firstFailure(),
						herd.millis());
			}
			finally {
				emulator.faults().latency(Duration.ZERO);
			}
		}
	}

	private static Side credentialHerd(EntraEmulator emulator, int callers) {
		TokenCredential credential = EmulatorCredentials.clientSecret(emulator);
		TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);
		AccessToken first = credential.getTokenSync(request);
		waitUntilExpired(first);
		emulator.resetCounters();
		Herd herd = callTogether(callers, () -> credential.getTokenSync(request), first);
		return new Side(emulator.tokensIssued(), herd.failed(), herd.unfinished(), herd.firstFailure(), herd.millis());
	}

	private static void waitUntilExpired(AccessToken token) {
		Instant expiry = token.getExpiresAt().toInstant().plusMillis(50);
		long wait = Duration.between(Instant.now(), expiry).toMillis();
		if (wait > 0) {
			sleep(wait);
		}
	}

	/** Starts every caller, lets them wait at one gate, then opens it; failures are counted, not thrown. */
	private static Herd callTogether(int callers, Supplier<AccessToken> call, AccessToken expired) {
		// daemon threads: a caller stuck past the deadline must not keep the JVM alive
		ExecutorService pool = Executors.newFixedThreadPool(callers, (task) -> {
			Thread thread = new Thread(task, "herd-caller");
			thread.setDaemon(true);
			return thread;
		});
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
			long started = System.nanoTime();
			long deadline = started + DEADLINE.toNanos();
			gate.countDown();
			int failed = 0;
			int unfinished = 0;
			String firstFailure = "";
			for (Future<AccessToken> future : futures) {
				try {
					AccessToken token = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					// expiry is not checked here: short tokens may have expired again by the time all callers are in
					if (token == null || token.getToken().equals(expired.getToken())) {
						throw new IllegalStateException("A caller got no fresh token");
					}
				}
				catch (ExecutionException ex) {
					failed++;
					if (firstFailure.isEmpty()) {
						firstFailure = rootCause(ex).getClass().getSimpleName();
					}
				}
				catch (TimeoutException ex) {
					unfinished++;
				}
			}
			return new Herd(failed, unfinished, firstFailure, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException("The herd did not finish", ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Throwable rootCause(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private record Herd(int failed, int unfinished, String firstFailure, long millis) {
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
