package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link EntraConnectionDetails} bean replaces {@code entra.credential.*}: the identity is built from it, its SSL
 * bundle may come from a registrar rather than properties, and its settings are checked like the properties.
 */
class EntraConnectionDetailsTests {

	static final EntraEmulator entra = EntraEmulator.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
				EntraTokenAutoConfiguration.class))
		.withBean(SslBundleRegistrar.class, () -> (registry) -> registry.registerBundle("peer-trust", trust()));

	@AfterAll
	static void close() {
		entra.close();
	}

	@Test
	void theConnectionDetailsIdentityIsUsedInsteadOfTheProperties() {
		entra.registerSecretClient("details-app", "details-secret");
		CredentialSettings settings = new CredentialSettings(CredentialType.CLIENT_SECRET, entra.tenantId(),
				"details-app", "details-secret", null, null, null, entra.authorityHost(), false, "peer-trust");
		this.runner.withPropertyValues("entra.credential.type=managed-identity", "entra.credential.client-id=props-app")
			.withBean(EntraConnectionDetails.class, () -> () -> settings)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AccessToken token = context.getBean(EntraIdentities.class).defaultIdentity().credential()
					.getTokenSync(new TokenRequestContext().addScopes("https://localhost/.default"));
				assertThat(token.getToken()).isNotBlank();
				assertThat(context.getBean(EntraIdentities.class).defaultIdentity().description())
					.contains("client-secret")
					.contains("details-app")
					.doesNotContain("props-app");
			});
	}

	@Test
	void incompleteConnectionDetailsFailTheStartNamingTheSetting() {
		CredentialSettings settings = new CredentialSettings(CredentialType.CLIENT_SECRET, entra.tenantId(),
				"details-app", null, null, null, null, entra.authorityHost(), false, "peer-trust");
		this.runner.withBean(EntraConnectionDetails.class, () -> () -> settings).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("client-secret");
		});
	}

	private static SslBundle trust() {
		try {
			String pem = Files.readString(entra.trustCertificatePem());
			return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(pem)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
