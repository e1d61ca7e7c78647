package io.github.entraauth.token;

import com.azure.core.credential.AccessToken;

/**
 * Receives every new token a {@link TokenManager} obtains, for integrations that must push
 * fresh credentials to live connections (such as a Redis re-AUTH).
 */
@FunctionalInterface
public interface TokenListener {

	/**
	 * Called on the refresh thread after a new token has become current.
	 * @param token the new token; never log it
	 */
	void tokenRefreshed(AccessToken token);

}
