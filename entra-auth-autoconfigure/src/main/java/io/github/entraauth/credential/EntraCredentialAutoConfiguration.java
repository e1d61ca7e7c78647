package io.github.entraauth.credential;

import com.azure.core.credential.TokenCredential;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Builds the application's Entra ID identity from {@code entra.credential.*}, or from an
 * {@link EntraConnectionDetails} bean when there is one. An application that defines its own
 * {@link TokenCredential} bean keeps it, and every integration uses it.
 * <p>
 * Nothing here loads an azure class during the start: the condition looks for the class files rather than loading
 * them, and no bean's method names an azure type (the azure jars are signed; loading the first class of each makes
 * the JDK verify its signature). The credential is created, and the application's own bean looked up, on first use.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
// class files, not classes: loading them would make the JDK verify the signed azure jars during the start
@ConditionalOnResource(resources = { "classpath:com/azure/core/credential/TokenCredential.class",
		"classpath:com/azure/identity/DefaultAzureCredential.class" })
@EnableConfigurationProperties(EntraCredentialProperties.class)
public final class EntraCredentialAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenCredentialFactory entraTokenCredentialFactory(ObjectProvider<SslBundles> sslBundles) {
		return new TokenCredentialFactory(sslBundles.getIfAvailable());
	}

	/**
	 * Settings are validated now, so bad configuration still fails the start. The application's own credential bean
	 * is looked up on first use: an {@code ObjectProvider<TokenCredential>} parameter would load the class as soon as
	 * Spring reads this method's generic signature.
	 */
	@Bean
	@ConditionalOnMissingBean
	EntraIdentities entraIdentities(EntraCredentialProperties properties,
			ObjectProvider<EntraConnectionDetails> connectionDetails,
			ListableBeanFactory beanFactory, TokenCredentialFactory factory) {
		CredentialSettings settings = settings(properties, connectionDetails);
		EntraIdentity configured = factory.create(settings, "entra.credential");
		EntraIdentity defaultIdentity = EntraIdentity
			.onFirstUse(() -> ApplicationCredential.identity(beanFactory, configured), null);
		return new EntraIdentities(defaultIdentity, settings, factory);
	}

	@Bean
	static AzureClassesWarmUp entraAzureClassesWarmUp() {
		return new AzureClassesWarmUp();
	}

	/** A service connection replaces entra.credential.*, as Boot's connection details replace their properties. */
	private static CredentialSettings settings(EntraCredentialProperties properties,
			ObjectProvider<EntraConnectionDetails> connectionDetails) {
		EntraConnectionDetails details = connectionDetails.getIfAvailable();
		return (details != null) ? details.getCredentialSettings() : properties.toSettings();
	}

}
