package io.github.entraauth.token;

/**
 * Thrown when no valid token exists for a scope: the last one has expired and fetching a new
 * one failed or timed out. The message names the scope, the identity and the cause, never a
 * token.
 */
public class TokenUnavailableException extends RuntimeException {

	private final String scope;

	TokenUnavailableException(String scope, String message, Throwable cause) {
		super(message, cause);
		this.scope = scope;
	}

	/**
	 * The scope for which no token could be obtained.
	 * @return the scope, for example {@code https://redis.azure.com/.default}
	 */
	public String getScope() {
		return this.scope;
	}

}
