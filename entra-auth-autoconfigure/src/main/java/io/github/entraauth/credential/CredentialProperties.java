package io.github.entraauth.credential;

import org.jspecify.annotations.Nullable;

/**
 * The keys that describe an identity. Used for {@code entra.credential.*} and for every
 * per-integration override ({@code entra.kafka.credential.*} and so on), where each key left
 * unset falls back to the same key under {@code entra.credential}.
 */
public class CredentialProperties {

	/**
	 * The kind of identity. Defaults to 'default' (azure-identity's DefaultAzureCredential chain).
	 */
	private @Nullable CredentialType type;

	/**
	 * The Entra ID tenant (directory) id or domain. Required for client-secret,
	 * client-certificate and workload-identity.
	 */
	private @Nullable String tenantId;

	/**
	 * The application (client) id of the service principal, or the client id of a user-assigned
	 * managed identity.
	 */
	private @Nullable String clientId;

	/**
	 * The client secret, for type client-secret. Never logged.
	 */
	private @Nullable String clientSecret;

	/**
	 * Path of the client certificate, for type client-certificate: a PEM file holding the
	 * certificate and its private key, or a PFX/PKCS#12 file.
	 */
	private @Nullable String certificatePath;

	/**
	 * Password of a PFX/PKCS#12 client certificate. Never logged.
	 */
	private @Nullable String certificatePassword;

	/**
	 * Path of the federated token file, for type workload-identity. Defaults to the
	 * AZURE_FEDERATED_TOKEN_FILE environment variable that AKS injects.
	 */
	private @Nullable String federatedTokenFile;

	/**
	 * The Entra ID authority host, an https URL. Defaults to https://login.microsoftonline.com/;
	 * sovereign clouds use their own (for example https://login.microsoftonline.us/).
	 */
	private @Nullable String authorityHost;

	/**
	 * Whether to look up the authority's metadata (instance discovery). Defaults to true; turn it
	 * off for authorities that Entra ID does not know, such as a private cloud or a local emulator.
	 */
	private @Nullable Boolean instanceDiscovery;

	/**
	 * Name of a Spring SSL bundle (spring.ssl.bundle.*) whose trust material is used for the
	 * connections to the authority host, for example behind a TLS-inspecting proxy.
	 */
	private @Nullable String sslBundle;

	public @Nullable CredentialType getType() {
		return this.type;
	}

	public void setType(@Nullable CredentialType type) {
		this.type = type;
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

	public @Nullable String getCertificatePath() {
		return this.certificatePath;
	}

	public void setCertificatePath(@Nullable String certificatePath) {
		this.certificatePath = certificatePath;
	}

	public @Nullable String getCertificatePassword() {
		return this.certificatePassword;
	}

	public void setCertificatePassword(@Nullable String certificatePassword) {
		this.certificatePassword = certificatePassword;
	}

	public @Nullable String getFederatedTokenFile() {
		return this.federatedTokenFile;
	}

	public void setFederatedTokenFile(@Nullable String federatedTokenFile) {
		this.federatedTokenFile = federatedTokenFile;
	}

	public @Nullable String getAuthorityHost() {
		return this.authorityHost;
	}

	public void setAuthorityHost(@Nullable String authorityHost) {
		this.authorityHost = authorityHost;
	}

	public @Nullable Boolean getInstanceDiscovery() {
		return this.instanceDiscovery;
	}

	public void setInstanceDiscovery(@Nullable Boolean instanceDiscovery) {
		this.instanceDiscovery = instanceDiscovery;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	/**
	 * The keys as an immutable value.
	 * @return the settings, with unset and blank keys as {@code null}
	 */
	public CredentialSettings toSettings() {
		return new CredentialSettings(this.type, text(this.tenantId), text(this.clientId), text(this.clientSecret),
				text(this.certificatePath), text(this.certificatePassword), text(this.federatedTokenFile),
				text(this.authorityHost), this.instanceDiscovery, text(this.sslBundle));
	}

	/** An empty value, such as {@code ${AZURE_CLIENT_ID:}} with the variable unset, means unset. */
	private static @Nullable String text(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

}
