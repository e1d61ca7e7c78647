package io.github.entraauth.credential;

import java.time.Duration;
import java.time.Instant;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.RenewableTokenCredential;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One-hour tokens from the Entra emulator through the real azure-identity client-secret credential
 * the starter builds: the refresh is planned at half-life, a refresh with 59 minutes left yields a
 * new token, and the starter's credential can renew past its cache. (MSAL's cache misses on a
 * non-443 port; MsalCacheRenewalTests routes around that to show MSAL answering from its cache.)
 */
class CredentialCacheWindowTests {

	private static final String SCOPE = "api://cache-window-test/.default";

	private static EntraEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = EntraEmulator.builder().tokenLifetime(Duration.ofMinutes(60)).start();
		emulator.registerSecretClient("window-app", "window-secret");
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void oneHourTokensAreReplacedWithHalfTheirLifetimeLeftByANewToken() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=client-secret", "entra.credential.client-id=window-app",
					"entra.credential.client-secret=window-secret", "entra.credential.tenant-id=" + emulator.tenantId(),
					"entra.credential.authority-host=" + emulator.authorityHost(),
					"entra.credential.instance-discovery=false", "entra.credential.ssl-bundle=entra-emulator",
					"spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:" + emulator.trustCertificatePem())
			.run((context) -> {
				EntraIdentity identity = context.getBean(EntraIdentities.class).defaultIdentity();
				TokenManager manager = context.getBean(TokenManagers.class)
					.forIdentity(identity, SCOPE);
				AccessToken first = manager.token();
				Instant expiresAt = first.getExpiresAt().toInstant();
				assertThat(Duration.between(Instant.now(), expiresAt)).isGreaterThan(Duration.ofMinutes(55));
				await().atMost(Duration.ofSeconds(10)).until(() -> manager.status().nextRefresh() != null);
				Duration lead = Duration.between(manager.status().nextRefresh(), expiresAt);
				assertThat(lead).as("lead time of the planned refresh").isGreaterThanOrEqualTo(Duration.ofMinutes(30));
				System.out.printf("TOKEN-REPORT one-hour token: refresh planned %s before expiry%n", lead);
				// MSAL serves its cached token for 55 more minutes; the manager must still get a new one
				await().atMost(Duration.ofSeconds(20))
					.until(() -> !manager.refresh().getToken().equals(first.getToken()));
				AccessToken renewed = manager.token();
				assertThat(emulator.verify(renewed.getToken()).getStringClaim("azp")).isEqualTo("window-app");
				// MSAL keeps expiry in whole seconds: two tokens received in the same second expire together
				assertThat(renewed.getExpiresAt()).isAfterOrEqualTo(first.getExpiresAt());
				AccessToken direct = ((RenewableTokenCredential) identity.credential())
					.renewTokenSync(new TokenRequestContext().addScopes(SCOPE));
				assertThat(direct.getToken()).isNotEqualTo(renewed.getToken());
				assertThat(emulator.verify(direct.getToken()).getStringClaim("azp")).isEqualTo("window-app");
			});
	}


	@Test
	void credentialsWhoseSourceCachesTokensAreNotRenewed() {
		for (String type : new String[] { "managed-identity", "azure-cli" }) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class))
				.withPropertyValues("entra.credential.type=" + type)
				.run((context) -> assertThat(context.getBean(EntraIdentities.class).defaultIdentity().credential())
					.as(type)
					.isNotInstanceOf(RenewableTokenCredential.class));
		}
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=client-secret", "entra.credential.tenant-id=contoso.example",
					"entra.credential.client-id=app", "entra.credential.client-secret=s")
			.run((context) -> assertThat(context.getBean(EntraIdentities.class).defaultIdentity().credential())
				.isInstanceOf(RenewableTokenCredential.class));
	}

}
