package io.github.entraauth.livy.user;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * The users' Livy tokens (access and refresh token, as Spring Security's {@link OAuth2AuthorizedClient}),
 * keyed by {@link EntraUserId}; a user's entry is removed at logout. Replace the in-memory bean with a shared
 * store when several application instances serve the same users; every method is one keyed read or write.
 */
public interface UserLivyTokenStore {

	/**
	 * A user's Livy tokens.
	 * @param user the user
	 * @return the tokens, or null if there are none
	 */
	@Nullable OAuth2AuthorizedClient load(EntraUserId user);

	/**
	 * Stores a user's Livy tokens, replacing earlier ones.
	 * @param user the user
	 * @param client the tokens
	 */
	void save(EntraUserId user, OAuth2AuthorizedClient client);

	/**
	 * Removes a user's Livy tokens, at logout or when the refresh token was refused.
	 * @param user the user
	 */
	void remove(EntraUserId user);

}
