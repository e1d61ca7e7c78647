package io.github.entraauth.livy.user;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/** The users' Livy tokens in this application instance's memory. */
public final class InMemoryUserLivyTokenStore implements UserLivyTokenStore {

	private final Map<EntraUserId, OAuth2AuthorizedClient> clients = new ConcurrentHashMap<>();

	@Override
	public @Nullable OAuth2AuthorizedClient load(EntraUserId user) {
		return this.clients.get(user);
	}

	@Override
	public void save(EntraUserId user, OAuth2AuthorizedClient client) {
		this.clients.put(user, client);
	}

	@Override
	public void remove(EntraUserId user) {
		this.clients.remove(user);
	}

	@Override
	public String toString() {
		return "InMemoryUserLivyTokenStore[" + this.clients.size() + " users]";
	}

}
