package io.github.entraauth.credential;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.CredentialBuilderBase;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * Builds the azure-identity credential of validated {@link CredentialSettings}. Every credential gets its own
 * azure-core {@link Configuration} built from explicit sources, so nothing is written to, or silently read from,
 * azure-core's JVM-wide configuration. Loaded only when an identity is first used.
 */
final class AzureIdentityCredentials {

	private static final ConfigurationSource EMPTY = (path) -> Collections.emptyMap();

	private final CredentialSettings settings;

	private final @Nullable SslBundle sslBundle;

	private final Map<String, String> environment;

	private AzureIdentityCredentials(CredentialSettings settings, @Nullable SslBundle sslBundle,
			Map<String, String> environment) {
		this.settings = settings;
		this.sslBundle = sslBundle;
		this.environment = environment;
	}

	/** The identity of validated settings; its azure-identity credential is built on the first token request. */
	static EntraIdentity identity(CredentialSettings settings, @Nullable SslBundle sslBundle,
			Map<String, String> environment) {
		AzureIdentityCredentials credentials = new AzureIdentityCredentials(settings, sslBundle, environment);
		// managed identity endpoints and the Azure CLI cache tokens themselves: a new instance gets the same
		TokenCredential credential = switch (settings.effectiveType()) {
			case MANAGED_IDENTITY, AZURE_CLI -> new DeferredTokenCredential(credentials::build);
			default -> new RenewableDeferredTokenCredential(credentials::build);
		};
		return new EntraIdentity(credential, settings.describe());
	}

	private TokenCredential build() {
		CredentialSettings settings = this.settings;
		SslBundle sslBundle = this.sslBundle;
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
				if (TokenCredentialFactory.isPem(Path.of(settings.certificatePath()))) {
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

	private static <B extends AadCredentialBuilderBase<B>> B aad(B builder, CredentialSettings settings,
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

	private static <B extends CredentialBuilderBase<B>> B configure(B builder, @Nullable SslBundle sslBundle,
			Configuration configuration) {
		builder.configuration(configuration);
		if (sslBundle != null) {
			HttpClient.Builder jdk = HttpClient.newBuilder()
				.sslContext(sslBundle.createSslContext());
			builder.httpClient(new JdkHttpClientBuilder(jdk).build());
		}
		return builder;
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

}
