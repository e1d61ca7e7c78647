package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.config.EntraConfigurationFailureAnalyzer;

import java.nio.file.Files;
import java.nio.file.Path;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.github.entraauth.token.TokenUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad {@code entra.*} settings fail the start with a message naming the property and the fix.
 */
class EntraConfigurationFailureTests {

	private static final String SECRET = "s3cr3t-value-never-shown";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void clientSecretTypeWithoutSecretNamesClientSecret() {
		assertFailure("entra.credential.client-secret", "Set entra.credential.client-secret",
				"entra.credential.type=client-secret", "entra.credential.tenant-id=contoso.onmicrosoft.com",
				"entra.credential.client-id=app");
	}

	@Test
	void blankSecretCountsAsMissing() {
		assertFailure("entra.credential.client-secret", "Set entra.credential.client-secret",
				"entra.credential.type=client-secret", "entra.credential.tenant-id=contoso",
				"entra.credential.client-id=app", "entra.credential.client-secret=  ");
	}

	@Test
	void blankClientIdMeansSystemAssignedManagedIdentity() {
		this.runner.withPropertyValues("entra.credential.type=managed-identity", "entra.credential.client-id=")
			.run((context) -> assertThat(context.getBean(EntraIdentities.class).defaultIdentity().description())
				.isEqualTo("managed-identity"));
	}

	@Test
	void clientSecretTypeWithoutTenantNamesTenantId() {
		assertFailure("entra.credential.tenant-id", "Set entra.credential.tenant-id", "entra.credential.type=client-secret",
				"entra.credential.client-id=app", "entra.credential.client-secret=" + SECRET);
	}

	@Test
	void clientSecretTypeWithoutClientIdNamesClientId() {
		assertFailure("entra.credential.client-id", "Set entra.credential.client-id", "entra.credential.type=client-secret",
				"entra.credential.tenant-id=contoso", "entra.credential.client-secret=" + SECRET);
	}

	@Test
	void certificateTypeWithoutPathNamesCertificatePath() {
		assertFailure("entra.credential.certificate-path", "Set entra.credential.certificate-path",
				"entra.credential.type=client-certificate", "entra.credential.tenant-id=contoso",
				"entra.credential.client-id=app");
	}

	@Test
	void missingCertificateFileNamesCertificatePath() {
		assertFailure("entra.credential.certificate-path", "readable file", "entra.credential.type=client-certificate",
				"entra.credential.tenant-id=contoso", "entra.credential.client-id=app",
				"entra.credential.certificate-path=" + this.dir.resolve("missing.pem"));
	}

	@Test
	void pemWithoutPrivateKeyNamesCertificatePath() throws Exception {
		Path pem = Files.writeString(this.dir.resolve("cert.pem"),
				"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
		assertFailure("entra.credential.certificate-path", "private key", "entra.credential.type=client-certificate",
				"entra.credential.tenant-id=contoso", "entra.credential.client-id=app",
				"entra.credential.certificate-path=" + pem);
	}

	@Test
	void unreadablePfxNamesCertificatePath() throws Exception {
		Path pfx = Files.write(this.dir.resolve("cert.pfx"), new byte[] { 1, 2, 3, 4 });
		assertFailure("entra.credential.certificate-", "PFX", "entra.credential.type=client-certificate",
				"entra.credential.tenant-id=contoso", "entra.credential.client-id=app",
				"entra.credential.certificate-path=" + pfx, "entra.credential.certificate-password=" + SECRET);
	}

	@Test
	void httpAuthorityHostNamesAuthorityHost() {
		assertFailure("entra.credential.authority-host", "https URL", "entra.credential.authority-host=http://localhost:8080/");
	}

	@Test
	void malformedAuthorityHostNamesAuthorityHost() {
		assertFailure("entra.credential.authority-host", "https URL", "entra.credential.authority-host=https://bad host/");
	}

	@Test
	void invalidTenantIdNamesTenantId() {
		assertFailure("entra.credential.tenant-id", "tenant", "entra.credential.tenant-id=contoso/../x");
	}

	@Test
	void secretWithOtherTypeNamesClientSecret() {
		assertFailure("entra.credential.client-secret", "type=client-secret", "entra.credential.type=managed-identity",
				"entra.credential.client-secret=" + SECRET);
	}

	@Test
	void workloadIdentityWithoutTokenFileNamesFederatedTokenFile() {
		assertFailure("entra.credential.federated-token-file", "federated-token-file",
				"entra.credential.type=workload-identity", "entra.credential.tenant-id=contoso",
				"entra.credential.client-id=app");
	}

	@Test
	void negativeRefreshBeforeExpiryNamesProperty() {
		assertFailure("entra.token.refresh-before-expiry", "5m", "entra.token.refresh-before-expiry=-1m");
	}

	@Test
	void zeroFetchTimeoutNamesProperty() {
		assertFailure("entra.token.fetch-timeout", "10s", "entra.token.fetch-timeout=0s");
	}

	@Test
	void maxBackoffShorterThanInitialNamesProperty() {
		assertFailure("entra.token.retry-max-backoff", "retry-initial-backoff", "entra.token.retry-initial-backoff=10s",
				"entra.token.retry-max-backoff=1s");
	}

	@Test
	void unknownTypeIsReportedWithThePropertyName() {
		this.runner.withPropertyValues("entra.credential.type=password").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("password");
			assertThat(context.getStartupFailure()).hasMessageContaining("entra.credential");
		});
	}

	@Test
	void sslBundleThatDoesNotExistFailsTheStart() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=managed-identity", "entra.credential.ssl-bundle=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(EntraConfigurationException.class)
					.hasMessageContaining("entra.credential.ssl-bundle")
					.hasMessageContaining("missing");
			});
	}

	@Test
	void sslBundleWhoseTrustStoreCannotBeReadFailsTheStart() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=managed-identity", "entra.credential.ssl-bundle=broken",
					"spring.ssl.bundle.pem.broken.truststore.certificate=file:" + this.dir.resolve("missing.pem"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("missing.pem");
			});
	}

	@Test
	void applicationTokenCredentialBeanWins() {
		TokenCredential own = (request) -> Mono.just(new AccessToken("x", java.time.OffsetDateTime.now().plusHours(1)));
		this.runner.withBean(TokenCredential.class, () -> own).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TokenCredential.class)).isSameAs(own);
			assertThat(context.getBean(EntraIdentities.class).defaultIdentity().credential()).isSameAs(own);
			assertThat(context.getBean(EntraIdentities.class).defaultIdentity().description())
				.contains("application TokenCredential bean");
			assertThat(context).hasSingleBean(TokenManagers.class);
		});
	}

	/** Looked up on first use, so two of them fail the first token, naming the beans, not the start. */
	@Test
	void twoApplicationTokenCredentialBeansFailTheFirstTokenNamingThem() {
		TokenCredential own = (request) -> Mono.just(new AccessToken("x", java.time.OffsetDateTime.now().plusHours(1)));
		this.runner.withBean("first", TokenCredential.class, () -> own)
			.withBean("second", TokenCredential.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EntraIdentity identity = context.getBean(EntraIdentities.class).defaultIdentity();
				assertThat(org.assertj.core.api.Assertions.catchThrowable(identity::credential))
					.isInstanceOf(NoUniqueBeanDefinitionException.class)
					.hasMessageContaining("first")
					.hasMessageContaining("second");
				TokenManager manager = context.getBean(TokenManagers.class).forIdentity(identity, "api://x/.default");
				assertThat(org.assertj.core.api.Assertions.catchThrowable(manager::token))
					.isInstanceOf(TokenUnavailableException.class)
					.hasMessageContaining("api://x/.default")
					.hasMessageContaining("identity not decided (NoUniqueBeanDefinitionException)")
					.hasMessageContaining("found 2: first,second");
			});
	}

	@Test
	void overrideFallsBackKeyByKeyAndNamesItsOwnPrefix() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=contoso", "entra.credential.client-id=app",
					"entra.credential.type=client-secret", "entra.credential.client-secret=" + SECRET)
			.run((context) -> {
				EntraIdentities identities = context.getBean(EntraIdentities.class);
				CredentialProperties override = new CredentialProperties();
				override.setClientId("other-app");
				EntraIdentity identity = identities.resolve(override, "entra.kafka.credential");
				assertThat(identity.description()).isEqualTo("client-secret (client other-app, tenant contoso)");
				assertThat(identities.resolve(override, "entra.kafka.credential")).isSameAs(identity);
				assertThat(identities.resolve(new CredentialProperties(), "entra.kafka.credential"))
					.isSameAs(identities.defaultIdentity());
				CredentialProperties broken = new CredentialProperties();
				broken.setType(CredentialType.CLIENT_CERTIFICATE);
				assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(EntraConfigurationException.class,
						() -> identities.resolve(broken, "entra.redis.credential")))
					.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("entra.redis.credential.client-id"));
			});
	}

	private void assertFailure(String property, String actionFragment, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new EntraConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis").isNotNull();
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getDescription() + analysis.getAction()).contains(actionFragment)
				.doesNotContain(SECRET);
		});
	}

}
