package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An identity's settings as a value. Unset keys are {@code null}; {@link #withFallback} fills
 * them key by key from another value, which is how per-integration overrides inherit from
 * {@code entra.credential}.
 *
 * @param type the kind of identity ({@code null} means {@link CredentialType#DEFAULT})
 * @param tenantId the tenant id or domain
 * @param clientId the application or managed identity client id
 * @param clientSecret the client secret
 * @param certificatePath the PEM or PFX certificate path
 * @param certificatePassword the PFX password
 * @param federatedTokenFile the federated token file path
 * @param authorityHost the authority host URL
 * @param instanceDiscovery whether instance discovery is on ({@code null} means on)
 * @param sslBundle the SSL bundle for connections to the authority host
 */
public record CredentialSettings(@Nullable CredentialType type, @Nullable String tenantId, @Nullable String clientId,
		@Nullable String clientSecret, @Nullable String certificatePath, @Nullable String certificatePassword,
		@Nullable String federatedTokenFile, @Nullable String authorityHost, @Nullable Boolean instanceDiscovery,
		@Nullable String sslBundle) {

	/** The public cloud's authority host. */
	public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com/";

	private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

	/**
	 * Whether no key is set.
	 * @return {@code true} if every key is {@code null}
	 */
	public boolean isEmpty() {
		return equals(new CredentialSettings(null, null, null, null, null, null, null, null, null, null));
	}

	/**
	 * Fills every unset key from {@code fallback}.
	 * @param fallback the settings to inherit from
	 * @return the merged settings
	 */
	public CredentialSettings withFallback(CredentialSettings fallback) {
		return new CredentialSettings(or(this.type, fallback.type), or(this.tenantId, fallback.tenantId),
				or(this.clientId, fallback.clientId), or(this.clientSecret, fallback.clientSecret),
				or(this.certificatePath, fallback.certificatePath),
				or(this.certificatePassword, fallback.certificatePassword),
				or(this.federatedTokenFile, fallback.federatedTokenFile), or(this.authorityHost, fallback.authorityHost),
				or(this.instanceDiscovery, fallback.instanceDiscovery), or(this.sslBundle, fallback.sslBundle));
	}

	/**
	 * Only the keys that describe where the identity lives (tenant, authority, discovery, SSL),
	 * which an override of another credential type may inherit; secrets and client ids belong to
	 * one type of identity and are never carried over to another.
	 * @return the shared keys, with every other key unset
	 */
	public CredentialSettings sharedKeys() {
		return new CredentialSettings(null, this.tenantId, null, null, null, null, null, this.authorityHost,
				this.instanceDiscovery, this.sslBundle);
	}

	/**
	 * The effective kind of identity.
	 * @return the type, {@link CredentialType#DEFAULT} when unset
	 */
	public CredentialType effectiveType() {
		return (this.type != null) ? this.type : CredentialType.DEFAULT;
	}

	/**
	 * Checks that the settings describe a usable identity.
	 * @param prefix the property prefix to name in errors, for example {@code entra.credential}
	 * @throws EntraConfigurationException naming the property and the fix
	 */
	public void validate(String prefix) {
		CredentialType kind = effectiveType();
		if (this.authorityHost != null) {
			validateAuthorityHost(prefix);
		}
		if (this.tenantId != null && !TENANT.matcher(this.tenantId).matches()) {
			throw new EntraConfigurationException(prefix + ".tenant-id",
					"'" + this.tenantId + "' is not a tenant id or domain",
					"Set " + prefix + ".tenant-id to your directory (tenant) id, a GUID, or a domain such as contoso.onmicrosoft.com.");
		}
		if (this.clientSecret != null && kind != CredentialType.CLIENT_SECRET) {
			throw new EntraConfigurationException(prefix + ".client-secret",
					"a client secret is set but the credential type is '" + kind.value() + "'",
					"Set " + prefix + ".type=client-secret to use the secret, or remove " + prefix + ".client-secret.");
		}
		if (this.certificatePath != null && kind != CredentialType.CLIENT_CERTIFICATE) {
			throw new EntraConfigurationException(prefix + ".certificate-path",
					"a certificate is set but the credential type is '" + kind.value() + "'",
					"Set " + prefix + ".type=client-certificate to use the certificate, or remove " + prefix
							+ ".certificate-path.");
		}
		switch (kind) {
			case CLIENT_SECRET -> {
				require(prefix, "tenant-id", this.tenantId, kind);
				require(prefix, "client-id", this.clientId, kind);
				require(prefix, "client-secret", this.clientSecret, kind);
			}
			case CLIENT_CERTIFICATE -> {
				require(prefix, "tenant-id", this.tenantId, kind);
				require(prefix, "client-id", this.clientId, kind);
				require(prefix, "certificate-path", this.certificatePath, kind);
			}
			case WORKLOAD_IDENTITY -> {
				require(prefix, "tenant-id", this.tenantId, kind);
				require(prefix, "client-id", this.clientId, kind);
				require(prefix, "federated-token-file", this.federatedTokenFile, kind);
			}
			default -> {
			}
		}
	}

	private void validateAuthorityHost(String prefix) {
		String property = prefix + ".authority-host";
		String action = "Set " + property + " to an https URL such as " + DEFAULT_AUTHORITY_HOST;
		URI uri;
		try {
			uri = new URI(this.authorityHost);
		}
		catch (URISyntaxException ex) {
			throw new EntraConfigurationException(property, "'" + this.authorityHost + "' is not a URL", action + ".");
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw new EntraConfigurationException(property,
					"'" + this.authorityHost + "' does not use https; Entra ID clients refuse other schemes",
					action + ".");
		}
		if (uri.getHost() == null) {
			throw new EntraConfigurationException(property, "'" + this.authorityHost + "' has no host", action + ".");
		}
	}

	private static void require(String prefix, String key, @Nullable String value, CredentialType kind) {
		if (value == null || value.isBlank()) {
			throw new EntraConfigurationException(prefix + "." + key,
					"is required for credential type '" + kind.value() + "' but is not set",
					"Set " + prefix + "." + key + (prefix.equals("entra.credential") ? ""
							: " (or entra.credential." + key + ", which it falls back to)") + ".");
		}
	}

	/**
	 * Describes the identity without secrets, for logs, health details and error messages.
	 * @return for example {@code client-secret (client 1234, tenant contoso)}
	 */
	public String describe() {
		StringBuilder description = new StringBuilder(effectiveType().value());
		if (this.clientId != null || this.tenantId != null) {
			description.append(" (");
			if (this.clientId != null) {
				description.append("client ").append(this.clientId);
			}
			if (this.tenantId != null) {
				description.append((this.clientId != null) ? ", " : "").append("tenant ").append(this.tenantId);
			}
			description.append(")");
		}
		return description.toString();
	}

	@Override
	public String toString() {
		return "CredentialSettings[" + describe() + "]";
	}

	private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
		return (value != null) ? value : fallback;
	}

}
