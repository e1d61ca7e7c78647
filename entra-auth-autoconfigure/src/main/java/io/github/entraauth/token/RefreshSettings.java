package io.github.entraauth.token;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

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

	/**
	 * MSAL answers from its cache while a token has more than this left, so a refresh asked for
	 * earlier returns the token already held.
	 */
	static final long CREDENTIAL_CACHE_WINDOW_MILLIS = 300_000;

	/**
	 * When to replace a new token: the earlier of {@link #refreshDelayMillis(long)} and a refresh
	 * time the credential hinted, moved earlier by up to 5% of jitter.
	 */
	long refreshDelayMillis(long lifetimeMillis, @Nullable OffsetDateTime refreshAt, long now) {
		long delay = refreshDelayMillis(lifetimeMillis);
		// MSAL reports an unset refresh time as the epoch, and some sources return dates in the past
		if (refreshAt != null) {
			long hinted = refreshAt.toInstant().toEpochMilli() - now;
			if (hinted > 0 && hinted < delay) {
				delay = hinted;
			}
		}
		return jitter(delay, 20);
	}

	/**
	 * The credential's own cache served the held token: ask again just after MSAL's cache lets go
	 * of it (a few seconds, jittered, into its window), which still leaves over four minutes.
	 */
	static long afterCredentialCacheMillis(long remainingMillis) {
		long released = remainingMillis - CREDENTIAL_CACHE_WINDOW_MILLIS + 1_000
				+ ThreadLocalRandom.current().nextLong(20_000);
		if (released >= 1_000) {
			return released;
		}
		// a credential that keeps returning one token (a static one, a CLI) is asked less often
		return Math.max(1_000, Math.min(30_000, remainingMillis / 10));
	}

	/** Moves the delay earlier by a random amount of up to 1/divisor of it. */
	static long jitter(long delay, int divisor) {
		long spread = Math.max(delay, 0) / divisor;
		return Math.max(0, delay - ((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0));
	}

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
