package io.github.entraauth.test.livy;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A fault the emulator injects into matching requests, registered with
 * {@link LivyEmulator#inject(String, String, int, Fault)}.
 *
 * @param status the status to answer, or 0 to answer normally (only delayed)
 * @param retryAfter the {@code Retry-After} header to send, or {@code null}
 * @param until the instant named in the body's {@code until:} hint, or {@code null}
 * @param errorCode the Fabric error code in the body, or {@code null} for the default
 * @param delay how long to wait before answering
 * @param processFirst whether the request takes effect before the fault is answered (a lost response)
 */
public record Fault(int status, @Nullable Duration retryAfter, @Nullable Instant until, @Nullable String errorCode,
		Duration delay, boolean processFirst) {

	/**
	 * Answers a status without processing the request.
	 * @param status the status, for example 500 or 404
	 * @return the fault
	 */
	public static Fault status(int status) {
		return new Fault(status, null, null, null, Duration.ZERO, false);
	}

	/**
	 * Answers 429 with a {@code Retry-After} header.
	 * @param retryAfter the wait to announce, rounded up to whole seconds
	 * @return the fault
	 */
	public static Fault throttled(Duration retryAfter) {
		return new Fault(429, retryAfter, null, "RequestBlocked", Duration.ZERO, false);
	}

	/**
	 * Answers 429 whose only hint is the body's {@code until: M/d/yyyy h:mm:ss a (UTC)} text.
	 * @param until when the throttling ends
	 * @return the fault
	 */
	public static Fault throttledUntil(Instant until) {
		return new Fault(429, null, until, "RequestBlocked", Duration.ZERO, false);
	}

	/**
	 * Answers 430 {@code TooManyRequestsForCapacity}, as Fabric's Spark admission does.
	 * @return the fault
	 */
	public static Fault capacityExhausted() {
		return new Fault(430, null, null, "TooManyRequestsForCapacity", Duration.ZERO, false);
	}

	/**
	 * Processes the request, then answers the given status as if the response were lost.
	 * @param status the status to answer, for example 502
	 * @return the fault
	 */
	public static Fault lostResponse(int status) {
		return new Fault(status, null, null, null, Duration.ZERO, true);
	}

	/**
	 * Answers normally, after a delay.
	 * @param delay the delay
	 * @return the fault
	 */
	public static Fault slow(Duration delay) {
		return new Fault(0, null, null, null, delay, true);
	}

}
