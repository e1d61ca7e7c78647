package io.github.entraauth.test.entra;

import java.time.Duration;

/**
 * Faults an {@link EntraEmulator} injects into its token responses, reached through {@link EntraEmulator#faults()}.
 * JWKS and discovery are never affected.
 */
public final class Faults {

	private int failuresLeft;

	private int failureStatus;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean outage;

	private volatile boolean dropConnections;

	Faults() {
	}

	/**
	 * Makes the next token requests (any token endpoint) fail with an Entra-shaped error.
	 * @param count how many requests fail
	 * @param httpStatus the status they answer with, 400 to 599
	 */
	public synchronized void failNext(int count, int httpStatus) {
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

	/**
	 * Delays every token response, including failures.
	 * @param latency the delay, {@link Duration#ZERO} to turn it off
	 */
	public void latency(Duration latency) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("Latency must not be negative, was " + latency);
		}
		this.latency = latency;
	}

	Duration latency() {
		return this.latency;
	}

	/**
	 * While down, token endpoints answer 503 with an Entra-shaped error; JWKS and discovery stay up.
	 * @param down whether Entra is down
	 */
	public void outage(boolean down) {
		this.outage = down;
	}

	boolean outage() {
		return this.outage;
	}

	/**
	 * While on, token requests are answered by closing the connection without a response.
	 * @param drop whether to drop connections
	 */
	public void dropConnections(boolean drop) {
		this.dropConnections = drop;
	}

	boolean dropConnections() {
		return this.dropConnections;
	}

}
