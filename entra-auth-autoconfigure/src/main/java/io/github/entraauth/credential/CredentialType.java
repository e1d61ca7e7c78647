package io.github.entraauth.credential;

/**
 * The kinds of identity the starter can build a credential for.
 */
public enum CredentialType {

	/** azure-identity's {@code DefaultAzureCredential} chain (environment, workload identity, managed identity, developer tools). */
	DEFAULT("default"),

	/** A service principal with a client secret. */
	CLIENT_SECRET("client-secret"),

	/** A service principal with a certificate (PEM, or PFX with an optional password). */
	CLIENT_CERTIFICATE("client-certificate"),

	/** A managed identity: system-assigned, or user-assigned by client id. */
	MANAGED_IDENTITY("managed-identity"),

	/** Workload identity federation with a federated token file (AKS workload identity). */
	WORKLOAD_IDENTITY("workload-identity"),

	/** The signed-in Azure CLI user ({@code az login}), for development. */
	AZURE_CLI("azure-cli");

	private final String value;

	CredentialType(String value) {
		this.value = value;
	}

	/**
	 * The value as written in configuration.
	 * @return the value, for example {@code client-secret}
	 */
	public String value() {
		return this.value;
	}

}
