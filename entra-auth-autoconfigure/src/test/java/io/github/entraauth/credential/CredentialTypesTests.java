package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.config.EntraConfigurationFailureAnalyzer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.azure.core.credential.AccessToken;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.entraauth.test.entra.CertificateClient;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.github.entraauth.token.TokenUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every in-process credential type, built from {@code entra.credential.*} by the starter, obtains
 * a token from the Entra emulator whose signature and claims are right.
 */
class CredentialTypesTests {

	private static final String SCOPE = "api://credential-test/.default";

	private static final String SECRET = "emulator-secret-value";

	private static EntraEmulator emulator;

	private static CertificateClient certificateClient;

	@TempDir
	static Path dir;

	@BeforeAll
	static void startEmulator() {
		emulator = EntraEmulator.start();
		emulator.registerSecretClient("secret-app", SECRET, "Data.Read");
		certificateClient = emulator.registerCertificateClient("cert-app", "Data.Write");
		emulator.registerFederatedClient("workload-app", "system:serviceaccount:default:app");
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class))
			.withPropertyValues("entra.credential.tenant-id=" + emulator.tenantId(),
					"entra.credential.authority-host=" + emulator.authorityHost(), "entra.credential.instance-discovery=false",
					"entra.credential.ssl-bundle=entra-emulator",
					"spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:" + emulator.trustCertificatePem())
			.withPropertyValues(properties);
	}

	@Test
	void clientSecretObtainsSignedTokenWithRoles() {
		runner("entra.credential.type=client-secret", "entra.credential.client-id=secret-app",
				"entra.credential.client-secret=" + SECRET)
			.run((context) -> {
				JWTClaimsSet claims = tokenClaims(context.getBean(EntraIdentities.class), context.getBean(TokenManagers.class));
				assertThat(claims.getStringClaim("azp")).isEqualTo("secret-app");
				assertThat(claims.getStringClaim("oid")).isEqualTo(emulator.oidOf("secret-app"));
				assertThat(claims.getStringListClaim("roles")).containsExactly("Data.Read");
				assertThat(context.getBean(EntraIdentities.class).defaultIdentity().description())
					.isEqualTo("client-secret (client secret-app, tenant " + emulator.tenantId() + ")")
					.doesNotContain(SECRET);
			});
	}

	@Test
	void clientCertificateFromPemObtainsToken() {
		runner("entra.credential.type=client-certificate", "entra.credential.client-id=cert-app",
				"entra.credential.certificate-path=" + certificateClient.pemFile())
			.run((context) -> assertThat(tokenClaims(context.getBean(EntraIdentities.class),
					context.getBean(TokenManagers.class)).getStringClaim("azp")).isEqualTo("cert-app"));
	}

	@Test
	void clientCertificateFromPfxWithPasswordObtainsToken() {
		runner("entra.credential.type=client-certificate", "entra.credential.client-id=cert-app",
				"entra.credential.certificate-path=" + certificateClient.pfxFile(),
				"entra.credential.certificate-password=" + certificateClient.pfxPassword())
			.run((context) -> assertThat(tokenClaims(context.getBean(EntraIdentities.class),
					context.getBean(TokenManagers.class)).getStringListClaim("roles")).containsExactly("Data.Write"));
	}

	@Test
	void wrongPfxPasswordFailsAtStartupNamingThePassword() {
		runner("entra.credential.type=client-certificate", "entra.credential.client-id=cert-app",
				"entra.credential.certificate-path=" + certificateClient.pfxFile(),
				"entra.credential.certificate-password=not-the-password")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new EntraConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.contains("entra.credential.certificate-password")
					.doesNotContain("not-the-password");
			});
	}

	@Test
	void workloadIdentityWithFederatedTokenFileObtainsToken() throws Exception {
		Path tokenFile = Files.writeString(dir.resolve("federated-token"),
				emulator.mintFederatedToken("system:serviceaccount:default:app"));
		runner("entra.credential.type=workload-identity", "entra.credential.client-id=workload-app",
				"entra.credential.federated-token-file=" + tokenFile)
			.run((context) -> assertThat(tokenClaims(context.getBean(EntraIdentities.class),
					context.getBean(TokenManagers.class)).getStringClaim("azp")).isEqualTo("workload-app"));
	}

	@Test
	void wrongSecretGivesClearErrorWithoutTheSecret() {
		runner("entra.credential.type=client-secret", "entra.credential.client-id=secret-app",
				"entra.credential.client-secret=wrong-secret-value")
			.run((context) -> {
				TokenManager manager = manager(context.getBean(EntraIdentities.class), context.getBean(TokenManagers.class));
				assertThatExceptionOfType(TokenUnavailableException.class).isThrownBy(manager::token)
					.withMessageContaining(SCOPE)
					.withMessageContaining("client-secret (client secret-app")
					.withMessageContaining("AADSTS7000215")
					.withMessageNotContaining("wrong-secret-value")
					.satisfies((ex) -> assertThat(ex.getCause().getMessage()).doesNotContain("wrong-secret-value"));
			});
	}

	@Test
	void perIntegrationOverrideGetsTokensForItsOwnIdentity() {
		runner("entra.credential.type=client-secret", "entra.credential.client-id=secret-app",
				"entra.credential.client-secret=" + SECRET)
			.run((context) -> {
				EntraIdentities identities = context.getBean(EntraIdentities.class);
				CredentialProperties override = new CredentialProperties();
				override.setType(CredentialType.CLIENT_CERTIFICATE);
				override.setClientId("cert-app");
				override.setCertificatePath(certificateClient.pemFile().toString());
				EntraIdentity identity = identities.resolve(override, "entra.redis.credential");
				AccessToken token = context.getBean(TokenManagers.class)
					.forIdentity(identity, SCOPE)
					.token();
				assertThat(emulator.verify(token.getToken()).getStringClaim("azp")).isEqualTo("cert-app");
			});
	}

	private static TokenManager manager(EntraIdentities identities, TokenManagers managers) {
		EntraIdentity identity = identities.defaultIdentity();
		return managers.forIdentity(identity, SCOPE);
	}

	private static JWTClaimsSet tokenClaims(EntraIdentities identities, TokenManagers managers) throws Exception {
		AccessToken token = manager(identities, managers).token();
		JWTClaimsSet claims = emulator.verify(token.getToken());
		assertThat(claims.getAudience()).isEqualTo(List.of("api://credential-test"));
		assertThat(claims.getIssuer()).isEqualTo(emulator.issuer());
		assertThat(claims.getStringClaim("tid")).isEqualTo(emulator.tenantId());
		assertThat(claims.getSubject()).isEqualTo(claims.getStringClaim("oid"));
		assertThat(token.getExpiresAt().toInstant()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(30)));
		return claims;
	}

}
