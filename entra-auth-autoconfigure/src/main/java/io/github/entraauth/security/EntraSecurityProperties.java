package io.github.entraauth.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web sign-in and API protection with Entra ID ({@code entra.security.*}).
 */
@ConfigurationProperties("entra.security")
public class EntraSecurityProperties {

	/** Whether to map Entra groups and roles to authorities and register the Entra client. */
	private boolean enabled = true;

	/** Directory (tenant) id of the app registration, or organizations/common for multi-tenant sign-in. */
	private @Nullable String tenantId;

	/** Application (client) id of the web app registration; setting it registers the Entra client. */
	private @Nullable String clientId;

	/** Client secret of the web app registration. */
	private @Nullable String clientSecret;

	/** Entra authority host; change it for sovereign clouds or a local emulator. */
	private String authorityHost = "https://login.microsoftonline.com";

	/** Registration id of the Entra client, the last segment of the redirect URI /login/oauth2/code/{id}. */
	private String registrationId = "entra";

	/** Scopes requested at sign-in besides openid, profile, email and offline_access; Graph ones first. */
	private List<String> scopes = new ArrayList<>(List.of("User.Read"));

	/** ID token claim used as the user's name (Authentication.getName()). */
	private String userNameAttribute = "preferred_username";

	/** Entra group object id (or app role value) to role name, such as ADMIN; granted as ROLE_ADMIN. */
	private Map<String, String> groupRoles = new LinkedHashMap<>();

	/** Microsoft Graph endpoint listing the signed-in user's groups, read on group overage. */
	private String graphMemberOfEndpoint = "https://graph.microsoft.com/v1.0/me/memberOf";

	/** Timeout of each Microsoft Graph request made on group overage. */
	private Duration graphTimeout = Duration.ofSeconds(10);

	/** SSL bundle trusted for calls to Entra and Graph (token, JWKS, memberOf); the JVM default when unset. */
	private @Nullable String sslBundle;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
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

	public String getAuthorityHost() {
		return this.authorityHost;
	}

	public void setAuthorityHost(String authorityHost) {
		this.authorityHost = authorityHost;
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

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

}
