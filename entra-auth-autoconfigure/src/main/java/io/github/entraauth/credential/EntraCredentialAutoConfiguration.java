package io.github.entraauth.credential;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredential;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Builds the application's Entra ID identity from {@code entra.credential.*}, or from an
 * {@link EntraConnectionDetails} bean when there is one. An application
 * that defines its own {@link TokenCredential} bean keeps it, and every integration uses it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass({ TokenCredential.class, DefaultAzureCredential.class })
@EnableConfigurationProperties(EntraCredentialProperties.class)
public final class EntraCredentialAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenCredentialFactory entraTokenCredentialFactory(ObjectProvider<SslBundles> sslBundles) {
		return new TokenCredentialFactory(sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(TokenCredential.class)
	TokenCredential entraTokenCredential(EntraCredentialProperties properties,
			ObjectProvider<EntraConnectionDetails> connectionDetails, TokenCredentialFactory factory) {
		return factory.create(settings(properties, connectionDetails), "entra.credential").credential();
	}

	@Bean
	@ConditionalOnMissingBean
	EntraIdentities entraIdentities(TokenCredential credential, EntraCredentialProperties properties,
			ObjectProvider<EntraConnectionDetails> connectionDetails, TokenCredentialFactory factory) {
		return new EntraIdentities(new EntraIdentity(credential, factory.describe(credential)),
				settings(properties, connectionDetails), factory);
	}

	/** A service connection replaces entra.credential.*, as Boot's connection details replace their properties. */
	private static CredentialSettings settings(EntraCredentialProperties properties,
			ObjectProvider<EntraConnectionDetails> connectionDetails) {
		EntraConnectionDetails details = connectionDetails.getIfAvailable();
		return (details != null) ? details.getCredentialSettings() : properties.toSettings();
	}

}
