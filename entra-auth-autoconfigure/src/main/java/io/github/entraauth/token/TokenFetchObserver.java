package io.github.entraauth.token;

import org.jspecify.annotations.Nullable;

/**
 * Told about every token fetch a {@link TokenManager} completes, for metrics.
 */
@FunctionalInterface
public interface TokenFetchObserver {

	/**
	 * Called after each fetch.
	 * @param manager the manager that fetched
	 * @param nanos how long the fetch took
	 * @param error the failure, or {@code null} on success
	 */
	void fetched(TokenManager manager, long nanos, @Nullable Throwable error);

}
