package io.github.entraauth.redis;

import io.github.entraauth.credential.CredentialProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Entra ID authentication to Redis ({@code entra.redis.*}).
 */
@ConfigurationProperties("entra.redis")
public class EntraRedisProperties {

	/**
	 * Whether to authenticate Spring Data Redis (Lettuce) connections with Entra ID tokens.
	 */
	private boolean enabled = true;

	/**
	 * The scope tokens are requested for; Azure Cache for Redis and Azure Managed Redis use
	 * https://redis.azure.com/.default.
	 */
	private String scope = "https://redis.azure.com/.default";

	/**
	 * The Redis user name sent with each token. Defaults to the token's oid claim (the object id of
	 * the identity), which is what Azure expects.
	 */
	private @Nullable String username;

	/**
	 * Whether live connections send AUTH with each new token (Lettuce's ON_NEW_CREDENTIALS). When
	 * off, the token is only sent when a connection is opened, and Azure closes it at expiry.
	 */
	private boolean reauthenticate = true;

	/**
	 * Whether the application start waits (at most entra.token.fetch-timeout) for the first Redis token and
	 * fails when it has no oid to use as user name. Off, the start does not wait: the token is fetched in the
	 * background once the application is ready, and a connection opened before it arrives waits for it.
	 */
	private boolean awaitFirstToken;

	/**
	 * The identity used for Redis when it differs from entra.credential; each key left unset falls
	 * back to the same key under entra.credential.
	 */
	@NestedConfigurationProperty
	private final CredentialProperties credential = new CredentialProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public boolean isReauthenticate() {
		return this.reauthenticate;
	}

	public void setReauthenticate(boolean reauthenticate) {
		this.reauthenticate = reauthenticate;
	}

	public boolean isAwaitFirstToken() {
		return this.awaitFirstToken;
	}

	public void setAwaitFirstToken(boolean awaitFirstToken) {
		this.awaitFirstToken = awaitFirstToken;
	}

	public CredentialProperties getCredential() {
		return this.credential;
	}

}
