package io.github.entraauth.test.entra;

import java.util.List;
import java.util.UUID;

/**
 * The emulator's managed identities and the two endpoints azure-identity reaches them through: App Service
 * ({@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}) and IMDS ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST}).
 */
public final class ManagedIdentities {

	private final EntraEmulator emulator;

	private final Principals principals;

	private final String identityHeader = UUID.randomUUID().toString();

	ManagedIdentities(EntraEmulator emulator, Principals principals) {
		this.emulator = emulator;
		this.principals = principals;
	}

	/**
	 * Registers a user-assigned managed identity, reachable through the App Service and IMDS endpoints with
	 * {@code client_id}.
	 * @param clientId the identity's client id
	 * @param roles the app roles its tokens carry
	 */
	public void register(String clientId, String... roles) {
		this.principals.register(Principal.managedIdentity(clientId, List.of(roles)));
	}

	/**
	 * The client id of the system-assigned managed identity, which answers managed identity requests without
	 * {@code client_id}.
	 * @return the system-assigned identity's client id
	 */
	public String systemAssignedClientId() {
		return this.principals.systemAssignedClientId();
	}

	/**
	 * The App Service secret that managed identity requests must send as {@code X-IDENTITY-HEADER}; set it as
	 * {@code IDENTITY_HEADER}.
	 * @return the identity header value
	 */
	public String identityHeader() {
		return this.identityHeader;
	}

	/**
	 * The App Service managed identity endpoint; set it as {@code IDENTITY_ENDPOINT}.
	 * @return {@code http://localhost:<http port>/msi/token}
	 */
	public String appServiceEndpoint() {
		return this.emulator.httpBaseUrl() + "/msi/token";
	}

	/**
	 * The IMDS host; set it as {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}. Tokens are served at
	 * {@code /metadata/identity/oauth2/token}.
	 * @return {@code http://localhost:<http port>}
	 */
	public String imdsAuthorityHost() {
		return this.emulator.httpBaseUrl();
	}

}
