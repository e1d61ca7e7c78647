package io.github.entraauth.test.entra;

import java.time.Duration;

/**
 * Faults injected into token responses. JWKS and discovery are never affected.
 */
final class Faults {

	private int failuresLeft;

	private int failureStatus;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean outage;

	private volatile boolean dropConnections;

	synchronized void failNext(int count, int httpStatus) {
		if (count < 0) {
			throw new IllegalArgumentException("Failure count must not be negative, was " + count);
		}
		if (httpStatus < 400 || httpStatus > 599) {
			throw new IllegalArgumentException("Failure status must be 400 to 599, was " + httpStatus);
		}
		this.failuresLeft = count;
		this.failureStatus = httpStatus;
	}

	/** Consumes one injected failure: its HTTP status, or 0 when none is pending. */
	synchronized int takeFailure() {
		if (this.failuresLeft == 0) {
			return 0;
		}
		this.failuresLeft--;
		return this.failureStatus;
	}

	void latency(Duration latency) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("Latency must not be negative, was " + latency);
		}
		this.latency = latency;
	}

	Duration latency() {
		return this.latency;
	}

	void outage(boolean down) {
		this.outage = down;
	}

	boolean outage() {
		return this.outage;
	}

	void dropConnections(boolean drop) {
		this.dropConnections = drop;
	}

	boolean dropConnections() {
		return this.dropConnections;
	}

}
