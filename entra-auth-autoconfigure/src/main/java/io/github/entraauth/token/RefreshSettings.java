package io.github.entraauth.token;

import java.time.Duration;

/**
 * When a {@link TokenManager} refreshes and how it retries.
 *
 * @param refreshBeforeExpiry how long before expiry a token is replaced (short tokens are
 * replaced at 80% of their lifetime instead, whichever is earlier)
 * @param fetchTimeout the longest one token request may take
 * @param retryInitialBackoff the first wait after a failed fetch
 * @param retryMaxBackoff the longest wait between retries
 */
public record RefreshSettings(Duration refreshBeforeExpiry, Duration fetchTimeout, Duration retryInitialBackoff,
		Duration retryMaxBackoff) {

	/** Five minutes ahead, ten seconds per fetch, retries from one second to one minute. */
	public static final RefreshSettings DEFAULTS = new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
			Duration.ofSeconds(1), Duration.ofSeconds(60));

	long refreshDelayMillis(long lifetimeMillis) {
		long ahead = lifetimeMillis - this.refreshBeforeExpiry.toMillis();
		long atEightyPercent = lifetimeMillis / 10 * 8;
		return (ahead > 0) ? Math.min(ahead, atEightyPercent) : atEightyPercent;
	}

	long backoffMillis(int consecutiveFailures) {
		long max = this.retryMaxBackoff.toMillis();
		long backoff = Math.max(1, this.retryInitialBackoff.toMillis());
		for (int i = 1; i < consecutiveFailures && backoff < max; i++) {
			backoff *= 2;
		}
		return Math.min(backoff, max);
	}

}
