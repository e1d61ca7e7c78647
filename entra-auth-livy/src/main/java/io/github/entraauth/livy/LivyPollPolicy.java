package io.github.entraauth.livy;

import java.time.Duration;

/**
 * How sessions, statements and batches are polled: fast at first, backing off to a ceiling.
 *
 * @param initialInterval the first wait between polls; it doubles up to {@code maxInterval}
 * @param maxInterval the longest wait between polls
 * @param sessionStartTimeout how long a new session may take to become idle
 * @param statementTimeout how long a statement may take to finish
 * @param batchTimeout how long a batch may take to finish when awaited
 */
public record LivyPollPolicy(Duration initialInterval, Duration maxInterval, Duration sessionStartTimeout,
		Duration statementTimeout, Duration batchTimeout) {

	public LivyPollPolicy {
		Arguments.positive("initialInterval", initialInterval);
		if (maxInterval == null || maxInterval.compareTo(initialInterval) < 0) {
			throw new IllegalArgumentException("maxInterval must not be shorter than initialInterval");
		}
		Arguments.notNegative("sessionStartTimeout", sessionStartTimeout);
		Arguments.notNegative("statementTimeout", statementTimeout);
		Arguments.notNegative("batchTimeout", batchTimeout);
	}

	/**
	 * From 50ms up to 2s; 10 minutes for a session to start, 30 for a statement, 2 hours for a batch.
	 * @return the defaults
	 */
	public static LivyPollPolicy defaults() {
		return new LivyPollPolicy(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(10),
				Duration.ofMinutes(30), Duration.ofHours(2));
	}

}
