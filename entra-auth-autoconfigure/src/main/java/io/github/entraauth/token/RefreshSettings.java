package io.github.entraauth.token;

import java.time.Duration;

/**
 * When a {@link TokenManager} refreshes and how it retries.
 *
 * @param refreshBeforeExpiry how long before expiry a token is replaced at the latest; a token is
 * replaced once half of its lifetime has passed if that is earlier, so an outage at refresh time
 * has half the lifetime to end
 * @param fetchTimeout the longest one token request may take
 * @param retryInitialBackoff the first wait after a failed fetch
 * @param retryMaxBackoff the longest wait between retries
 */
public record RefreshSettings(Duration refreshBeforeExpiry, Duration fetchTimeout, Duration retryInitialBackoff,
		Duration retryMaxBackoff) {

	/** Five minutes ahead, ten seconds per fetch, retries from one second to one minute. */
	public static final RefreshSettings DEFAULTS = new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
			Duration.ofSeconds(1), Duration.ofSeconds(60));

	/** Half-life or refresh-before-expiry, whichever is earlier; half-life if the token is shorter. */
	long refreshDelayMillis(long lifetimeMillis) {
		long ahead = lifetimeMillis - this.refreshBeforeExpiry.toMillis();
		long halfLife = lifetimeMillis / 2;
		return (ahead > 0) ? Math.min(ahead, halfLife) : halfLife;
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
