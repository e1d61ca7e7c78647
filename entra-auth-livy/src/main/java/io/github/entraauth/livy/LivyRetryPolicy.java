package io.github.entraauth.livy;

import java.time.Duration;

/**
 * How throttled and failed requests are retried.
 *
 * @param maxAttempts the most attempts of a request that is throttled (429) or fails transiently (5xx or
 * I/O on idempotent calls)
 * @param initialBackoff the first wait before a retry without a server hint; it doubles on every retry
 * @param maxBackoff the longest computed wait between retries
 * @param maxRetryAfter the longest wait a server may ask for ({@code Retry-After} or the body's
 * {@code until:}) on any throttled request (429 or 430), keep-alive and delete included; a longer ask
 * fails at once
 * @param capacityMaxAttempts the most attempts of a request rejected with 430 (capacity exhausted)
 * @param capacityBackoff the first wait after a 430 without a server hint; it doubles on every 430
 * @param notFoundWindow how long after a create or submit a 404 for the new resource is treated as
 * transient: retried, and used to look a create with an unknown outcome up by name
 */
public record LivyRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
		int capacityMaxAttempts, Duration capacityBackoff, Duration notFoundWindow) {

	public LivyRetryPolicy {
		Arguments.atLeastOne("maxAttempts", maxAttempts);
		Arguments.atLeastOne("capacityMaxAttempts", capacityMaxAttempts);
		Arguments.notNegative("initialBackoff", initialBackoff);
		Arguments.notNegative("maxBackoff", maxBackoff);
		Arguments.notNegative("maxRetryAfter", maxRetryAfter);
		Arguments.notNegative("capacityBackoff", capacityBackoff);
		Arguments.notNegative("notFoundWindow", notFoundWindow);
	}

	/**
	 * 5 attempts from 1s up to 30s, server waits up to 5 minutes, 3 capacity attempts from 30s, and a
	 * 30s not-found window.
	 * @return the defaults
	 */
	public static LivyRetryPolicy defaults() {
		return new LivyRetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), 3,
				Duration.ofSeconds(30), Duration.ofSeconds(30));
	}

}
