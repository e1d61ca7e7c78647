package io.github.entraauth.livy.user;

import java.util.function.Function;

import io.github.entraauth.security.RedisAuthorizedClients;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * The users' Livy tokens in Redis, shared by every instance of the application, encrypted: one key per user,
 * {@code <prefix>livy:tokens:<tid>/<oid>}.
 */
final class RedisUserLivyTokenStore implements UserLivyTokenStore {

	private final RedisAuthorizedClients clients;

	private final Function<String, @Nullable ClientRegistration> registrations;

	RedisUserLivyTokenStore(RedisAuthorizedClients clients,
			Function<String, @Nullable ClientRegistration> registrations) {
		this.clients = clients;
		this.registrations = registrations;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient load(EntraUserId user) {
		return this.clients.load(key(user), this.registrations);
	}

	@Override
	public void save(EntraUserId user, OAuth2AuthorizedClient client) {
		this.clients.save(key(user), client);
	}

	@Override
	public void remove(EntraUserId user) {
		this.clients.remove(key(user));
	}

	private static String key(EntraUserId user) {
		return "livy:tokens:" + user.key();
	}

}
