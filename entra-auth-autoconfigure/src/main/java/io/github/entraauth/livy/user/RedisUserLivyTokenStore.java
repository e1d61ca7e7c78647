package io.github.entraauth.livy.user;

import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The users' Livy tokens in Redis, shared by every instance of the application: one key per user
 * ({@code <prefix>tokens:<tid>/<oid>}), the access and refresh token encrypted (AES-GCM) with the configured key.
 * Only tokens are stored; the client registration, with its secret, is looked up again on load.
 */
final class RedisUserLivyTokenStore implements UserLivyTokenStore {

	private static final Log logger = LogFactory.getLog(RedisUserLivyTokenStore.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final StringRedisTemplate redis;

	private final TextEncryptor encryptor;

	private final Function<String, @Nullable ClientRegistration> registrations;

	private final String keyPrefix;

	RedisUserLivyTokenStore(StringRedisTemplate redis, TextEncryptor encryptor,
			Function<String, @Nullable ClientRegistration> registrations, String keyPrefix) {
		this.redis = redis;
		this.encryptor = encryptor;
		this.registrations = registrations;
		this.keyPrefix = keyPrefix + "tokens:";
	}

	@Override
	public @Nullable OAuth2AuthorizedClient load(EntraUserId user) {
		String stored = this.redis.opsForValue().get(key(user));
		if (stored == null) {
			return null;
		}
		StoredTokens tokens;
		try {
			tokens = json.readValue(this.encryptor.decrypt(stored), StoredTokens.class);
		}
		catch (RuntimeException ex) {
			// another key (rotated, or a misconfigured instance): the user signs in again rather than failing
			logger.warn("Dropping a user's stored Livy tokens that this instance cannot decrypt; check that"
					+ " entra.security.livy.store.encryption-key is the same on every instance");
			remove(user);
			return null;
		}
		ClientRegistration registration = this.registrations.apply(tokens.registrationId());
		if (registration == null) {
			return null;
		}
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokens.accessToken(),
				tokens.accessIssuedAt(), tokens.accessExpiresAt(), tokens.scopes());
		OAuth2RefreshToken refresh = (tokens.refreshToken() != null)
				? new OAuth2RefreshToken(tokens.refreshToken(), tokens.refreshIssuedAt()) : null;
		return new OAuth2AuthorizedClient(registration, tokens.principalName(), access, refresh);
	}

	@Override
	public void save(EntraUserId user, OAuth2AuthorizedClient client) {
		OAuth2AccessToken access = client.getAccessToken();
		OAuth2RefreshToken refresh = client.getRefreshToken();
		StoredTokens tokens = new StoredTokens(client.getClientRegistration().getRegistrationId(),
				client.getPrincipalName(), access.getTokenValue(), access.getIssuedAt(), access.getExpiresAt(),
				access.getScopes(), (refresh != null) ? refresh.getTokenValue() : null,
				(refresh != null) ? refresh.getIssuedAt() : null);
		this.redis.opsForValue().set(key(user), this.encryptor.encrypt(json.writeValueAsString(tokens)));
	}

	@Override
	public void remove(EntraUserId user) {
		this.redis.delete(key(user));
	}

	private String key(EntraUserId user) {
		return this.keyPrefix + user.key();
	}

	/** What is stored, before encryption: never the client registration or its secret. */
	record StoredTokens(String registrationId, String principalName, String accessToken,
			@Nullable Instant accessIssuedAt, @Nullable Instant accessExpiresAt, Set<String> scopes,
			@Nullable String refreshToken, @Nullable Instant refreshIssuedAt) {

		@Override
		public String toString() {
			return "StoredTokens[" + this.registrationId + ", " + this.principalName + "]";
		}

	}

}
