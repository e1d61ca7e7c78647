package io.github.entraauth.test.livy;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One request the emulator received, with the identity of the bearer token that made it.
 *
 * @param method the HTTP method
 * @param path the path below the emulator's base URL, for example {@code /sessions/0/statements}
 * @param query the raw query string, or {@code null}
 * @param body the request body (empty when none)
 * @param status the status the emulator answered
 * @param requestedBy the {@code X-Requested-By} header, or {@code null}
 * @param oid the {@code oid} claim of a valid bearer token, or {@code null}
 * @param audience the first {@code aud} of a valid bearer token, or {@code null}
 * @param at when the request arrived
 */
public record RecordedLivyRequest(String method, String path, @Nullable String query, String body, int status,
		@Nullable String requestedBy, @Nullable String oid, @Nullable String audience, Instant at) {

	/**
	 * Whether this request has the given method and its path matches the pattern.
	 * @param method the method
	 * @param pathPattern a regular expression for the whole path
	 * @return whether it matches
	 */
	public boolean matches(String method, String pathPattern) {
		return this.method.equalsIgnoreCase(method) && this.path.matches(pathPattern);
	}

}
