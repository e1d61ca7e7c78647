package io.github.entraauth.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the tokens Kafka's login threads asked for (the initial login of every client and each
 * re-login before a token expires) and how many of those requests failed, for metrics.
 */
public final class KafkaLogins {

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	KafkaLogins() {
	}

	/**
	 * Logins and re-logins that got a token.
	 * @return the count so far
	 */
	public long succeeded() {
		return this.succeeded.get();
	}

	/**
	 * Logins and re-logins that got an error instead of a token.
	 * @return the count so far
	 */
	public long failed() {
		return this.failed.get();
	}

	void recordSuccess() {
		this.succeeded.incrementAndGet();
	}

	void recordFailure() {
		this.failed.incrementAndGet();
	}

}
