package io.github.entraauth.test.entra;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Real azure-identity app credentials (secret, certificate, workload identity) against the emulator.
 */
class EntraEmulatorCredentialTests {

	private static final String SCOPE = "api://kafka-test/.default";

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	@Test
	void clientSecretCredentialGetsSignedTokenWithAppClaims(EntraEmulator emulator) throws Exception {
		emulator.registerSecretClient("secret-app", "s3cret-value", "Kafka.Write", "Redis.Access");
		TokenCredential credential = Credentials.against(emulator,
				new ClientSecretCredentialBuilder().clientId("secret-app").clientSecret("s3cret-value"))
			.build();

		AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));

		assertThat(emulator.requests()).last()
			.isEqualTo(new RecordedRequest("POST", "/" + emulator.tenantId() + "/oauth2/v2.0/token", "client_secret",
					"secret-app", 200));
		SignedJWT jwt = SignedJWT.parse(token.getToken());
		JWKSet jwks = JWKSet.load(URI.create(emulator.jwksUrl()).toURL());
		assertThat(jwt.verify(new RSASSAVerifier(jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey())))
			.isTrue();
		JWTClaimsSet claims = emulator.verify(token.getToken());
		assertThat(claims.getIssuer()).isEqualTo(emulator.issuer());
		assertThat(claims.getAudience()).containsExactly("api://kafka-test");
		assertThat(claims.getSubject()).isEqualTo(emulator.oidOf("secret-app"));
		assertThat(claims.getStringClaim("oid")).isEqualTo(emulator.oidOf("secret-app"));
		assertThat(claims.getStringClaim("tid")).isEqualTo(emulator.tenantId());
		assertThat(claims.getStringClaim("azp")).isEqualTo("secret-app");
		assertThat(claims.getStringClaim("azpacr")).isEqualTo("1");
		assertThat(claims.getStringClaim("idtyp")).isEqualTo("app");
		assertThat(claims.getStringClaim("ver")).isEqualTo("2.0");
		assertThat(claims.getStringListClaim("roles")).containsExactly("Kafka.Write", "Redis.Access");
		assertThat(claims.getClaim("scp")).isNull();
		// MSAL computes the expiry from the whole-second expires_in when the answer arrives
		assertThat(token.getExpiresAt().toInstant()).isCloseTo(claims.getExpirationTime().toInstant(),
				within(2, ChronoUnit.SECONDS));
	}

	@Test
	void tokenWithoutRolesHasNoRolesClaim(EntraEmulator emulator) {
		emulator.registerSecretClient("no-roles-app", "another-secret");
		TokenCredential credential = Credentials.against(emulator,
				new ClientSecretCredentialBuilder().clientId("no-roles-app").clientSecret("another-secret"))
			.build();

		JWTClaimsSet claims = emulator.verify(credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken());

		assertThat(claims.getClaims()).doesNotContainKey("roles");
	}

	@Test
	void wrongSecretIsRejectedWithAadsts7000215WithoutQuotingTheSecret(EntraEmulator emulator) {
		emulator.registerSecretClient("guarded-app", "right-secret");
		TokenCredential credential = Credentials.against(emulator,
				new ClientSecretCredentialBuilder().clientId("guarded-app").clientSecret("wrong-secret-value"))
			.build();

		assertThatThrownBy(() -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
			.hasMessageContaining("AADSTS7000215")
			.satisfies((ex) -> assertThat(messageChain(ex)).doesNotContain("wrong-secret-value", "right-secret"));
		assertThat(emulator.requests()).last().extracting(RecordedRequest::status).isEqualTo(401);
		assertThat(emulator.requests().toString()).doesNotContain("wrong-secret-value");
	}

	@Test
	void unknownClientIsRejectedWithAadsts700016(EntraEmulator emulator) {
		TokenCredential credential = Credentials.against(emulator,
				new ClientSecretCredentialBuilder().clientId("never-registered").clientSecret("whatever"))
			.build();

		assertThatThrownBy(() -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
			.hasMessageContaining("AADSTS700016")
			.hasMessageContaining("never-registered");
	}

	@Test
	void clientCertificateCredentialWithPemFileGetsToken(EntraEmulator emulator) {
		CertificateClient client = emulator.registerCertificateClient("pem-app", "Livy.Submit");
		TokenCredential credential = Credentials.against(emulator,
				new ClientCertificateCredentialBuilder().clientId(client.clientId())
					.pemCertificate(client.pemFile().toString()))
			.build();

		JWTClaimsSet claims = emulator.verify(credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken());

		assertThat(claims.getClaims()).containsEntry("azp", "pem-app").containsEntry("azpacr", "2");
		assertThat(claims.getClaims()).containsEntry("roles", List.of("Livy.Submit"));
		assertThat(emulator.requests()).last()
			.satisfies((request) -> assertThat(request.kind()).isEqualTo("client_assertion"))
			.satisfies((request) -> assertThat(request.status()).isEqualTo(200));
	}

	@Test
	void clientCertificateCredentialWithPfxAndPasswordGetsToken(EntraEmulator emulator) {
		CertificateClient client = emulator.registerCertificateClient("pfx-app");
		TokenCredential credential = Credentials.against(emulator,
				new ClientCertificateCredentialBuilder().clientId(client.clientId())
					.pfxCertificate(client.pfxFile().toString())
					.clientCertificatePassword(client.pfxPassword()))
			.build();

		JWTClaimsSet claims = emulator.verify(credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken());

		assertThat(claims.getSubject()).isEqualTo(emulator.oidOf("pfx-app"));
		assertThat(client.toString()).doesNotContain(client.pfxPassword());
	}

	@Test
	void certificateNotRegisteredOnTheAppIsRejected(EntraEmulator emulator) {
		emulator.registerCertificateClient("strict-app");
		CertificateClient stranger = emulator.registerCertificateClient("stranger-app");
		TokenCredential credential = Credentials.against(emulator,
				new ClientCertificateCredentialBuilder().clientId("strict-app")
					.pemCertificate(stranger.pemFile().toString()))
			.build();

		assertThatThrownBy(() -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
			.hasMessageContaining("AADSTS700027")
			.hasMessageContaining("not registered on application 'strict-app'");
	}

	@Test
	void workloadIdentityCredentialExchangesFederatedToken(EntraEmulator emulator, @TempDir Path dir) throws Exception {
		emulator.registerFederatedClient("workload-app", "system:serviceaccount:apps:orders", "Kafka.Read");
		Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"),
				emulator.mintFederatedToken("system:serviceaccount:apps:orders"));
		TokenCredential credential = Credentials.against(emulator,
				new WorkloadIdentityCredentialBuilder().clientId("workload-app").tokenFilePath(tokenFile.toString()))
			.build();

		AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));

		JWTClaimsSet claims = emulator.verify(token.getToken());
		assertThat(claims.getClaims()).containsEntry("azp", "workload-app")
			.containsEntry("azpacr", "2")
			.containsEntry("roles", List.of("Kafka.Read"));
		assertThat(token.getExpiresAt().toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
		assertThat(emulator.requests()).last().extracting(RecordedRequest::kind).isEqualTo("federated");
	}

	@Test
	void workloadIdentityWithAnotherSubjectFindsNoFederatedCredential(EntraEmulator emulator, @TempDir Path dir)
			throws Exception {
		emulator.registerFederatedClient("picky-workload", "system:serviceaccount:apps:orders");
		Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"),
				emulator.mintFederatedToken("system:serviceaccount:apps:intruder"));
		TokenCredential credential = Credentials.against(emulator,
				new WorkloadIdentityCredentialBuilder().clientId("picky-workload").tokenFilePath(tokenFile.toString()))
			.build();

		assertThatThrownBy(() -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
			.hasMessageContaining("AADSTS70021");
	}

	@Test
	void workloadIdentityRejectsTokenNotSignedByTheClusterKey(EntraEmulator emulator, @TempDir Path dir)
			throws Exception {
		emulator.registerFederatedClient("careful-workload", "system:serviceaccount:apps:orders");
		// an Entra access token has the right shape but the wrong signer
		Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"),
				emulator.mintAccessToken("careful-workload", "api://AzureADTokenExchange", Duration.ofMinutes(5)));
		TokenCredential credential = Credentials.against(emulator,
				new WorkloadIdentityCredentialBuilder().clientId("careful-workload").tokenFilePath(tokenFile.toString()))
			.build();

		assertThatThrownBy(() -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
			.hasMessageContaining("AADSTS700027");
	}

	private static String messageChain(Throwable ex) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return String.join("\n", messages);
	}

}
