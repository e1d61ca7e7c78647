package io.github.entraauth.livy.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-user Livy (entra.security.livy.*): the signed-in user's delegated token for the Livy (Fabric) API, taken
 * from the sign-in's refresh token.
 */
@ConfigurationProperties("entra.security.livy")
public class EntraUserLivyProperties {

	private static final String FABRIC = "https://api.fabric.microsoft.com/";

	/** Whether to offer per-user Livy (UserLivyServices) when Livy and web sign-in are both configured. */
	private boolean enabled = true;

	/** Delegated scopes of the user's Livy token, also requested at sign-in for consent; one resource only. */
	private List<String> scopes = new ArrayList<>(List.of(FABRIC + "Lakehouse.Execute.All",
			FABRIC + "Lakehouse.Read.All", FABRIC + "Item.ReadWrite.All", FABRIC + "Workspace.ReadWrite.All",
			FABRIC + "Code.AccessStorage.All", FABRIC + "Code.AccessAzureKeyvault.All",
			FABRIC + "Code.AccessAzureDataExplorer.All", FABRIC + "Code.AccessAzureDataLake.All",
			FABRIC + "Code.AccessFabric.All"));

	/** Role (without ROLE_) whose members see and close every user's Livy sessions. */
	private String adminRole = "ADMIN";

	/** How long before it expires the user's Livy access token is refreshed with the refresh token. */
	private Duration refreshBeforeExpiry = Duration.ofMinutes(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

	public String getAdminRole() {
		return this.adminRole;
	}

	public void setAdminRole(String adminRole) {
		this.adminRole = adminRole;
	}

	public Duration getRefreshBeforeExpiry() {
		return this.refreshBeforeExpiry;
	}

	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

}
