package io.github.entraauth.benchmarks.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Scenario 3: one-hour tokens against a Redis that deletes a token's ACL user when the token is
 * done, across three refreshes, while four threads run commands. No command may fail.
 * <p>
 * Every token has its own object id, so every refresh moves the connections to a new ACL user, as
 * Azure does at expiry. Time is compressed by refreshing every 20 s
 * ({@code entra.token.refresh-before-expiry=3580s}) instead of at half-life, and by deleting the
 * replaced token's user 2 s after the refresh instead of at its expiry 30 minutes later, which is
 * harsher than production: a connection the starter did not move in time is cut off.
 */
final class RedisExpiryScenario {

	private static final int REFRESHES = 3;

	private static final int THREADS = 4;

	private RedisExpiryScenario() {
	}

	static ScenarioResult run() throws Exception {
		try (EntraEmulator entra = EntraEmulator.builder().tokenLifetime(Duration.ofHours(1)).start();
				RedisServer redis = RedisServer.builder().acceptTokensFrom(entra).enforceTokenExpiry(true).start()) {
			entra.oidPerToken(true);
			try (ConfigurableApplicationContext app = Peers.start(Peers.credential(entra), Peers.redis(redis),
					Map.of("entra.token.refresh-before-expiry", "3580s"))) {
				StringRedisTemplate commands = app.getBean(StringRedisTemplate.class);
				AtomicLong operations = new AtomicLong();
				AtomicLong failures = new AtomicLong();
				AtomicBoolean running = new AtomicBoolean(true);
				ExecutorService threads = Executors.newFixedThreadPool(THREADS);
				for (int t = 0; t < THREADS; t++) {
					String key = "expiry-" + t;
					threads.submit(() -> runCommands(commands, key, running, operations, failures));
				}
				List<String> deleted = new ArrayList<>();
				Set<String> seen = new HashSet<>(awaitUsers(redis, Set.of(), Instant.now().plusSeconds(30)));
				Instant start = Instant.now();
				for (int i = 0; i < REFRESHES; i++) {
					Set<String> fresh = awaitUsers(redis, seen, Instant.now().plusSeconds(60));
					TimeUnit.SECONDS.sleep(2);
					for (String user : seen) {
						if (redis.expire(user)) {
							deleted.add(user);
						}
					}
					seen.addAll(fresh);
				}
				TimeUnit.SECONDS.sleep(2);
				running.set(false);
				threads.shutdown();
				threads.awaitTermination(30, TimeUnit.SECONDS);
				String figures = operations + " commands on " + THREADS + " threads in "
						+ Peers.seconds(Duration.between(start, Instant.now())) + ", " + REFRESHES + " refreshes, "
						+ deleted.size() + " ACL users deleted under live connections, " + failures
						+ " client-visible errors";
				boolean passed = failures.get() == 0 && deleted.size() >= REFRESHES;
				return new ScenarioResult("3. Redis, one-hour tokens, ACL user deleted at expiry",
						"refresh every 20 s instead of 30 min; a replaced token's user deleted 2 s after the refresh "
								+ "instead of 30 min later",
						figures, "0 client-visible errors across 3 refreshes", passed);
			}
		}
	}

	private static Set<String> awaitUsers(RedisServer redis, Set<String> known, Instant deadline)
			throws InterruptedException {
		while (Instant.now().isBefore(deadline)) {
			Set<String> fresh = new HashSet<>(redis.tokenUsers());
			fresh.removeAll(known);
			if (!fresh.isEmpty()) {
				return fresh;
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
		throw new IllegalStateException("No new token reached Redis by " + deadline);
	}

	private static void runCommands(StringRedisTemplate commands, String key, AtomicBoolean running,
			AtomicLong operations, AtomicLong failures) {
		long n = 0;
		while (running.get()) {
			try {
				commands.opsForValue().set(key, Long.toString(++n));
				if (!Long.toString(n).equals(commands.opsForValue().get(key))) {
					throw new IllegalStateException("read back a different value");
				}
				operations.addAndGet(2);
			}
			catch (RuntimeException ex) {
				if (failures.incrementAndGet() <= 3) {
					System.out.println("  redis failed: " + ex);
				}
			}
		}
	}

}
