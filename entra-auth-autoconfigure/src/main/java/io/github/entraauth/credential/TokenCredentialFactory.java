package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.SslBundles;

/**
 * Turns {@link CredentialSettings} into identities: everything that can be wrong with the settings (keys, files,
 * certificates, SSL bundles) fails here, at start; the azure-identity credential is built on first use. No azure
 * type appears in this bean's methods, so creating it loads none of the signed azure jars.
 */
public final class TokenCredentialFactory {

	private final @Nullable SslBundles sslBundles;

	private final Map<String, String> environment;

	/**
	 * Creates a factory.
	 * @param sslBundles Spring's SSL bundles, for {@code ssl-bundle}; may be {@code null}
	 */
	public TokenCredentialFactory(@Nullable SslBundles sslBundles) {
		this(sslBundles, System.getenv());
	}

	TokenCredentialFactory(@Nullable SslBundles sslBundles, Map<String, String> environment) {
		this.sslBundles = sslBundles;
		this.environment = environment;
	}

	/**
	 * Validates the settings and returns their identity. The azure-identity credential itself is
	 * built on the first token request; everything that can be wrong with the settings fails here.
	 * @param settings the settings, with defaults not yet applied
	 * @param prefix the property prefix to name in errors
	 * @return the identity: the credential and its description
	 * @throws EntraConfigurationException if the settings are not usable
	 */
	public EntraIdentity create(CredentialSettings settings, String prefix) {
		CredentialSettings effective = withWorkloadIdentityEnvironment(settings);
		effective.validate(prefix);
		checkCertificate(effective, prefix);
		checkFile(effective.federatedTokenFile(), prefix + ".federated-token-file");
		SslBundle sslBundle = sslBundle(effective, prefix);
		Map<String, String> environment = this.environment;
		return EntraIdentity.onFirstUse(() -> AzureIdentityCredentials.identity(effective, sslBundle, environment),
				effective.describe());
	}

	/** AKS's workload identity webhook injects these; the credential type is explicit, so reading them is expected. */
	private CredentialSettings withWorkloadIdentityEnvironment(CredentialSettings settings) {
		if (settings.effectiveType() != CredentialType.WORKLOAD_IDENTITY) {
			return settings;
		}
		return settings.withFallback(new CredentialSettings(null, this.environment.get("AZURE_TENANT_ID"),
				this.environment.get("AZURE_CLIENT_ID"), null, null, null,
				this.environment.get("AZURE_FEDERATED_TOKEN_FILE"), this.environment.get("AZURE_AUTHORITY_HOST"), null,
				null));
	}

	/** Resolves the bundle and loads its stores now, so a missing bundle or unreadable store fails the start. */
	private @Nullable SslBundle sslBundle(CredentialSettings settings, String prefix) {
		if (settings.sslBundle() == null) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new EntraConfigurationException(prefix + ".ssl-bundle", "SSL bundles are not available",
					"Remove " + prefix + ".ssl-bundle or run inside a Spring Boot application with spring.ssl.bundle.* configured.");
		}
		SslBundle bundle;
		try {
			bundle = this.sslBundles.getBundle(settings.sslBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new EntraConfigurationException(prefix + ".ssl-bundle",
					"no SSL bundle named '" + settings.sslBundle() + "' is configured",
					"Define spring.ssl.bundle.jks." + settings.sslBundle() + " or spring.ssl.bundle.pem."
							+ settings.sslBundle() + ", or correct " + prefix + ".ssl-bundle.");
		}
		bundle.getStores().getKeyStore();
		bundle.getStores().getTrustStore();
		return bundle;
	}

	private static void checkCertificate(CredentialSettings settings, String prefix) {
		if (settings.effectiveType() != CredentialType.CLIENT_CERTIFICATE) {
			return;
		}
		String property = prefix + ".certificate-path";
		Path path = checkFile(settings.certificatePath(), property);
		if (isPem(path)) {
			String pem = read(path, property);
			if (!pem.contains("-----BEGIN CERTIFICATE-----") || !pem.contains("PRIVATE KEY-----")) {
				throw new EntraConfigurationException(property,
						"the PEM file '" + path + "' must hold both the certificate and its private key",
						"Concatenate the certificate and the unencrypted private key into one PEM file, or use a PFX file with "
								+ prefix + ".certificate-password.");
			}
			checkPem(pem, path, settings.certificatePassword(), prefix);
			return;
		}
		char[] password = (settings.certificatePassword() != null) ? settings.certificatePassword().toCharArray()
				: new char[0];
		try (InputStream in = Files.newInputStream(path)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password);
			if (!hasPrivateKey(store)) {
				throw new EntraConfigurationException(property, "the PFX file '" + path + "' holds no private key",
						"Export the certificate with its private key (PFX/PKCS#12) and point " + property + " at it.");
			}
		}
		catch (IOException | GeneralSecurityException ex) {
			boolean wrongPassword = ex.getCause() instanceof java.security.UnrecoverableKeyException
					|| String.valueOf(ex.getMessage()).contains("password");
			throw new EntraConfigurationException(prefix + (wrongPassword ? ".certificate-password" : ".certificate-path"),
					wrongPassword ? "the password does not open the PFX file '" + path + "'"
							: "'" + path + "' is neither a PEM nor a PFX/PKCS#12 file",
					wrongPassword ? "Set " + prefix + ".certificate-password to the password the PFX file was exported with."
							: "Point " + property + " at a PEM file (certificate + private key) or a PFX file.");
		}
	}

	/** Parses the PEM now, so bad base64 or a key that cannot be opened fails the start and not the first token. */
	private static void checkPem(String pem, Path path, @Nullable String password, String prefix) {
		boolean encrypted = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
		if (encrypted && (password == null || password.isEmpty())) {
			throw new EntraConfigurationException(prefix + ".certificate-password",
					"the private key in '" + path + "' is encrypted but no password is set",
					"Set " + prefix + ".certificate-password to the key's password, or store the key unencrypted.");
		}
		if (!opens(pem, encrypted ? password : null)) {
			throw new EntraConfigurationException(prefix + (encrypted ? ".certificate-password" : ".certificate-path"),
					encrypted ? "the password does not open the private key in '" + path + "'"
							: "the PEM file '" + path + "' cannot be parsed (bad base64 or a damaged certificate or key)",
					encrypted ? "Set " + prefix + ".certificate-password to the key's password."
							: "Export the certificate and private key again and point " + prefix
									+ ".certificate-path at the new PEM file.");
		}
	}

	private static boolean opens(String pem, @Nullable String password) {
		try {
			PemContent content = PemContent.of(pem);
			return content != null && !content.getCertificates().isEmpty() && content.getPrivateKey(password) != null;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean hasPrivateKey(KeyStore store) throws GeneralSecurityException {
		for (String alias : Collections.list(store.aliases())) {
			if (store.isKeyEntry(alias)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Path checkFile(@Nullable String location, String property) {
		if (location == null) {
			return null;
		}
		Path path = Path.of(location);
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			throw new EntraConfigurationException(property, "the file '" + path + "' does not exist or cannot be read",
					"Point " + property + " at a readable file (check the path and the file's permissions).");
		}
		return path;
	}

	static boolean isPem(Path path) {
		String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (name.endsWith(".pfx") || name.endsWith(".p12")) {
			return false;
		}
		if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
			return true;
		}
		try {
			byte[] head = new byte[11];
			try (InputStream in = Files.newInputStream(path)) {
				int read = in.readNBytes(head, 0, head.length);
				return new String(head, 0, read, StandardCharsets.US_ASCII).startsWith("-----BEGIN");
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String read(Path path, String property) {
		try {
			return Files.readString(path, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new EntraConfigurationException(property, "the file '" + path + "' cannot be read",
					"Point " + property + " at a readable file.");
		}
	}

}
