package io.github.entraauth.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import io.github.entraauth.config.EntraConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.codec.Hex;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Users' OAuth2 authorized clients in Redis, shared by every instance of the application: one key per client, the
 * access and refresh token encrypted (AES-256-GCM, Spring Security Crypto). Only tokens are stored; the client
 * registration, with its secret, is looked up again on load.
 */
public final class RedisAuthorizedClients {

	private static final Log logger = LogFactory.getLog(RedisAuthorizedClients.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int MIN_KEY_LENGTH = 32;

	private static final String KEY_PROPERTY = "entra.security.store.encryption-key";

	private final StringRedisTemplate redis;

	private final TextEncryptor encryptor;

	private final String keyPrefix;

	/**
	 * Creates a store on a Redis connection.
	 * @param redis the connection
	 * @param encryptionKey the secret the tokens are encrypted with, at least 32 characters
	 * @param keyPrefix the prefix of every key, such as {@code entra:}
	 * @throws EntraConfigurationException if the key is missing or too short
	 */
	public RedisAuthorizedClients(StringRedisTemplate redis, @Nullable String encryptionKey, String keyPrefix) {
		if (encryptionKey == null || encryptionKey.isBlank()) {
			throw new EntraConfigurationException(KEY_PROPERTY, "is not set, and the users' tokens in Redis must be"
					+ " encrypted", "Set " + KEY_PROPERTY + " to a random secret of at least " + MIN_KEY_LENGTH
					+ " characters, the same on every instance (for example from Azure Key Vault).");
		}
		if (encryptionKey.length() < MIN_KEY_LENGTH) {
			throw new EntraConfigurationException(KEY_PROPERTY, "is shorter than " + MIN_KEY_LENGTH + " characters",
					"Set " + KEY_PROPERTY + " to a random secret of at least " + MIN_KEY_LENGTH + " characters.");
		}
		this.redis = redis;
		// the salt only has to be the same on every instance; the key carries the secret
		this.encryptor = Encryptors.delux(encryptionKey,
				new String(Hex.encode(keyPrefix.getBytes(StandardCharsets.UTF_8))));
		this.keyPrefix = keyPrefix;
	}

	/**
	 * The prefix of every key this store writes, for stores built on the same connection.
	 * @return the prefix
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * The Redis connection, for stores built on it.
	 * @return the template
	 */
	public StringRedisTemplate redis() {
		return this.redis;
	}

	/**
	 * Loads an authorized client.
	 * @param key the key after the prefix
	 * @param registrations the client registration of a registration id, or {@code null} if there is none
	 * @return the client, or {@code null} if none is stored, or it cannot be decrypted (then it is removed)
	 */
	public @Nullable OAuth2AuthorizedClient load(String key,
			Function<String, @Nullable ClientRegistration> registrations) {
		String stored = this.redis.opsForValue().get(this.keyPrefix + key);
		if (stored == null) {
			return null;
		}
		StoredTokens tokens;
		try {
			tokens = json.readValue(this.encryptor.decrypt(stored), StoredTokens.class);
		}
		catch (RuntimeException ex) {
			// another key (rotated, or a misconfigured instance): the user signs in again rather than failing
			logger.warn("Dropping stored user tokens that this instance cannot decrypt; check that " + KEY_PROPERTY
					+ " is the same on every instance");
			remove(key);
			return null;
		}
		ClientRegistration registration = registrations.apply(tokens.registrationId());
		if (registration == null) {
			return null;
		}
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokens.accessToken(),
				tokens.accessIssuedAt(), tokens.accessExpiresAt(), tokens.scopes());
		OAuth2RefreshToken refresh = (tokens.refreshToken() != null)
				? new OAuth2RefreshToken(tokens.refreshToken(), tokens.refreshIssuedAt()) : null;
		return new OAuth2AuthorizedClient(registration, tokens.principalName(), access, refresh);
	}

	/**
	 * Stores an authorized client's tokens, replacing earlier ones.
	 * @param key the key after the prefix
	 * @param client the client
	 */
	public void save(String key, OAuth2AuthorizedClient client) {
		OAuth2AccessToken access = client.getAccessToken();
		OAuth2RefreshToken refresh = client.getRefreshToken();
		StoredTokens tokens = new StoredTokens(client.getClientRegistration().getRegistrationId(),
				client.getPrincipalName(), access.getTokenValue(), access.getIssuedAt(), access.getExpiresAt(),
				access.getScopes(), (refresh != null) ? refresh.getTokenValue() : null,
				(refresh != null) ? refresh.getIssuedAt() : null);
		this.redis.opsForValue().set(this.keyPrefix + key, this.encryptor.encrypt(json.writeValueAsString(tokens)));
	}

	/**
	 * Removes an authorized client.
	 * @param key the key after the prefix
	 */
	public void remove(String key) {
		this.redis.delete(this.keyPrefix + key);
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
