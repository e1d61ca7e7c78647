package io.github.entraauth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link TokenManager}'s state, safe to expose: it never holds the token.
 *
 * @param scope the scope the tokens are for
 * @param identity a description of the identity, without secrets
 * @param expiresAt when the current token expires, or {@code null} before the first token
 * @param lastRefresh when the current token was obtained, or {@code null}
 * @param nextRefresh when the next background refresh is due, or {@code null}
 * @param consecutiveFailures failed fetches since the last success
 * @param lastErrorType the type of the last fetch error, or {@code null}
 * @param lastErrorMessage the message of the last fetch error (tokens redacted), or {@code null}
 * @param fetches successful fetches so far
 * @param failures failed fetches so far
 */
public record TokenStatus(String scope, String identity, @Nullable Instant expiresAt, @Nullable Instant lastRefresh,
		@Nullable Instant nextRefresh, int consecutiveFailures, @Nullable String lastErrorType,
		@Nullable String lastErrorMessage, long fetches, long failures) {

	/**
	 * Whether a token that has not yet expired is held at the given time.
	 * @param now the time to check against
	 * @return {@code true} if the current token is still valid
	 */
	public boolean isValidAt(Instant now) {
		return this.expiresAt != null && this.expiresAt.isAfter(now);
	}

}
