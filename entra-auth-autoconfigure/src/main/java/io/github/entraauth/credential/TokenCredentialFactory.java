package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.CredentialBuilderBase;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds azure-identity credentials from {@link CredentialSettings}. Every credential gets its own
 * azure-core {@link Configuration} built from explicit sources, so nothing is written to, or
 * silently read from, azure-core's JVM-wide configuration.
 */
public final class TokenCredentialFactory {

	private static final ConfigurationSource EMPTY = (path) -> Collections.emptyMap();

	private final @Nullable SslBundles sslBundles;

	private final Map<String, String> environment;

	private final Map<TokenCredential, String> built = Collections.synchronizedMap(new IdentityHashMap<>());

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
	 * Validates the settings and returns their credential. The azure-identity credential itself is
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
		Supplier<TokenCredential> builder = () -> build(effective, sslBundle);
		// managed identity endpoints and the Azure CLI cache tokens themselves: a new instance gets the same
		TokenCredential credential = switch (effective.effectiveType()) {
			case MANAGED_IDENTITY, AZURE_CLI -> new DeferredTokenCredential(builder);
			default -> new RenewableDeferredTokenCredential(builder);
		};
		this.built.put(credential, effective.describe());
		return new EntraIdentity(credential, effective.describe());
	}

	/**
	 * Describes a credential without secrets.
	 * @param credential a credential built by this factory or supplied by the application
	 * @return the description of its settings, or its type for the application's own credential
	 */
	public String describe(TokenCredential credential) {
		String description = this.built.get(credential);
		return (description != null) ? description
				: "application TokenCredential bean (" + credential.getClass().getSimpleName() + ")";
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

	private TokenCredential build(CredentialSettings settings, @Nullable SslBundle sslBundle) {
		return switch (settings.effectiveType()) {
			case DEFAULT -> {
				DefaultAzureCredentialBuilder builder = configure(new DefaultAzureCredentialBuilder(), sslBundle,
						environmentConfiguration());
				if (settings.authorityHost() != null) {
					builder.authorityHost(settings.authorityHost());
				}
				if (settings.tenantId() != null) {
					builder.tenantId(settings.tenantId());
				}
				if (settings.clientId() != null) {
					builder.managedIdentityClientId(settings.clientId()).workloadIdentityClientId(settings.clientId());
				}
				if (Boolean.FALSE.equals(settings.instanceDiscovery())) {
					builder.disableInstanceDiscovery();
				}
				yield builder.build();
			}
			case CLIENT_SECRET -> aad(new ClientSecretCredentialBuilder(), settings, sslBundle)
				.clientSecret(settings.clientSecret())
				.build();
			case CLIENT_CERTIFICATE -> {
				ClientCertificateCredentialBuilder builder = aad(new ClientCertificateCredentialBuilder(), settings,
						sslBundle);
				if (isPem(Path.of(settings.certificatePath()))) {
					builder.pemCertificate(settings.certificatePath());
				}
				else {
					builder.pfxCertificate(settings.certificatePath());
					if (settings.certificatePassword() != null) {
						builder.clientCertificatePassword(settings.certificatePassword());
					}
				}
				yield builder.build();
			}
			case WORKLOAD_IDENTITY -> aad(new WorkloadIdentityCredentialBuilder(), settings, sslBundle)
				.tokenFilePath(settings.federatedTokenFile())
				.build();
			case MANAGED_IDENTITY -> {
				ManagedIdentityCredentialBuilder builder = configure(new ManagedIdentityCredentialBuilder(), sslBundle,
						isolatedConfiguration());
				if (settings.clientId() != null) {
					builder.clientId(settings.clientId());
				}
				yield builder.build();
			}
			case AZURE_CLI -> {
				AzureCliCredentialBuilder builder = configure(new AzureCliCredentialBuilder(), sslBundle,
						isolatedConfiguration());
				if (settings.tenantId() != null) {
					builder.tenantId(settings.tenantId());
				}
				yield builder.build();
			}
		};
	}

	private <B extends com.azure.identity.AadCredentialBuilderBase<B>> B aad(B builder, CredentialSettings settings,
			@Nullable SslBundle sslBundle) {
		configure(builder, sslBundle, isolatedConfiguration());
		// configuration() resets the authority host, so it must come first
		builder.authorityHost((settings.authorityHost() != null) ? settings.authorityHost()
				: CredentialSettings.DEFAULT_AUTHORITY_HOST);
		builder.tenantId(settings.tenantId()).clientId(settings.clientId());
		if (Boolean.FALSE.equals(settings.instanceDiscovery())) {
			builder.disableInstanceDiscovery();
		}
		return builder;
	}

	private <B extends CredentialBuilderBase<B>> B configure(B builder, @Nullable SslBundle sslBundle,
			Configuration configuration) {
		builder.configuration(configuration);
		if (sslBundle != null) {
			HttpClient.Builder jdk = HttpClient.newBuilder()
				.sslContext(sslBundle.createSslContext());
			builder.httpClient(new JdkHttpClientBuilder(jdk).build());
		}
		return builder;
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

	/** No JVM-wide or environment values: the credential sees only what the properties say. */
	private static Configuration isolatedConfiguration() {
		return new ConfigurationBuilder(EMPTY, EMPTY, EMPTY).build();
	}

	/** DefaultAzureCredential is driven by AZURE_* variables by design; read them without touching global state. */
	private Configuration environmentConfiguration() {
		Map<String, String> variables = this.environment;
		return new ConfigurationBuilder(EMPTY, EMPTY, (path) -> variables).build();
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

	private static boolean isPem(Path path) {
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
