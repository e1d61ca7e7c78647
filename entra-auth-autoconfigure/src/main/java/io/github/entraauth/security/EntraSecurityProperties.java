package io.github.entraauth.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web sign-in and API protection with Entra ID (entra.security.*). Where users sign in (tenant, authority host,
 * SSL trust) is the application's one identity model, entra.credential.*.
 */
@ConfigurationProperties("entra.security")
public class EntraSecurityProperties {

	/** Whether to map Entra groups and roles to authorities and register the Entra client. */
	private boolean enabled = true;

	/**
	 * Tenant GUIDs whose users may sign in and whose tokens are accepted, required for multi-tenant sign-in; when
	 * unset, only entra.credential.tenant-id is.
	 */
	private List<String> allowedTenants = new ArrayList<>();

	/** Application (client) id of the web app registration; setting it registers the Entra client. */
	private @Nullable String clientId;

	/** Client secret of the web app registration. */
	private @Nullable String clientSecret;

	/** Registration id of the Entra client, the last segment of the redirect URI /login/oauth2/code/{id}. */
	private String registrationId = "entra";

	/** Scopes requested at sign-in besides openid, profile, email and offline_access; Graph ones first. */
	private List<String> scopes = new ArrayList<>(List.of("User.Read"));

	/** ID token claim used as the user's name (Authentication.getName()). */
	private String userNameAttribute = "preferred_username";

	/** Entra group object id (or app role value) to role name, such as ADMIN; granted as ROLE_ADMIN. */
	private Map<String, String> groupRoles = new LinkedHashMap<>();

	/**
	 * Microsoft Graph endpoint listing the signed-in user's groups, read on group overage; https, or http only on
	 * loopback.
	 */
	private String graphMemberOfEndpoint = "https://graph.microsoft.com/v1.0/me/memberOf";

	/** Timeout of each request to Entra and Microsoft Graph made for sign-in (token, keys, group overage). */
	private Duration graphTimeout = Duration.ofSeconds(10);

	/** Where the users' tokens are kept: the sign-in's authorized clients and, with per-user Livy, the Livy ones. */
	private final Store store = new Store();


	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedTenants() {
		return this.allowedTenants;
	}

	public void setAllowedTenants(List<String> allowedTenants) {
		this.allowedTenants = allowedTenants;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public String getRegistrationId() {
		return this.registrationId;
	}

	public void setRegistrationId(String registrationId) {
		this.registrationId = registrationId;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

	public String getUserNameAttribute() {
		return this.userNameAttribute;
	}

	public void setUserNameAttribute(String userNameAttribute) {
		this.userNameAttribute = userNameAttribute;
	}

	public Map<String, String> getGroupRoles() {
		return this.groupRoles;
	}

	public void setGroupRoles(Map<String, String> groupRoles) {
		this.groupRoles = groupRoles;
	}

	public String getGraphMemberOfEndpoint() {
		return this.graphMemberOfEndpoint;
	}

	public void setGraphMemberOfEndpoint(String graphMemberOfEndpoint) {
		this.graphMemberOfEndpoint = graphMemberOfEndpoint;
	}

	public Duration getGraphTimeout() {
		return this.graphTimeout;
	}

	public void setGraphTimeout(Duration graphTimeout) {
		this.graphTimeout = graphTimeout;
	}


	public Store getStore() {
		return this.store;
	}

	/** Where the users' tokens are kept (entra.security.store.*). */
	public static class Store {

		/**
		 * MEMORY keeps the users' tokens (the sign-in's authorized clients, per-user Livy tokens and session owners)
		 * in this instance only; REDIS shares them between the application's instances through Spring Data Redis
		 * (the starter's Entra-authenticated connection when the Redis integration is on).
		 */
		private StoreType type = StoreType.MEMORY;

		/**
		 * The key that encrypts the users' tokens in Redis (AES-256-GCM, key derived with PBKDF2); at least 32
		 * characters, the same on every instance. Required with type REDIS.
		 */
		private @Nullable String encryptionKey;

		/** The prefix of every Redis key the store writes. */
		private String keyPrefix = "entra:";

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

	/** Where the users' tokens are kept. */
	public enum StoreType {

		/** In this instance's memory. */
		MEMORY,

		/** In Redis, shared by every instance, encrypted. */
		REDIS

	}

}
