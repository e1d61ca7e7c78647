package io.github.entraauth.livy.autoconfigure;

import io.github.entraauth.livy.LivyException;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Entra ID, Basic and caller-supplied bearer authentication against emulators that really check
 * credentials: the Livy emulator validates every bearer token against the Entra emulator's keys,
 * issuer, audience and expiry.
 */
class LivyAuthenticationTests {

	private static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";

	private static EntraEmulator entra;

	@BeforeAll
	static void startEntra() {
		entra = EntraEmulator.start();
		entra.registerSecretClient("livy-app", "livy-secret");
		entra.registerSecretClient("signed-in-user", "unused");
	}

	@AfterAll
	static void stopEntra() {
		entra.close();
	}

	@Test
	void sendsAFreshTokenOnEveryRequestAcrossShortTokenLifetimes() {
		entra.tokenLifetime(Duration.ofSeconds(5));
		entra.oidPerToken(true);
		try (LivyEmulator livy = fabricRequiringEntraTokens()) {
			entraRunner(livy).run((context) -> {
				LivyService service = context.getBean(LivyService.class);
				try (LivySession session = service.startSession()) {
					assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));
					String firstOid = livy.requests().get(0).oid();
					// the first token expires after 5 s; keep working across its expiry
					await().atMost(Duration.ofSeconds(15))
						.pollInterval(Duration.ofMillis(500))
						.until(() -> session.sql("select 2 as two").table() != null
								&& !firstOid.equals(livy.requests().get(livy.requests().size() - 1).oid()));
					// well past the first token's 5 s lifetime, requests still carry a valid token
					java.time.Instant firstCall = livy.requests().get(0).at();
					await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
						.until(() -> session.sql("select 3 as three").table() != null
								&& java.time.Instant.now().isAfter(firstCall.plusSeconds(7)));
					assertThat(session.sql("select 4 as four").table().rows()).containsExactly(List.of(4));
				}
				assertThat(livy.requests()).allMatch((request) -> request.status() != 401);
				List<String> oids = livy.requests().stream().map(RecordedLivyRequest::oid).distinct().toList();
				assertThat(oids).hasSizeGreaterThanOrEqualTo(2).allMatch((oid) -> oid.startsWith(entra.oidOf("livy-app")));
				assertThat(livy.requests()).extracting(RecordedLivyRequest::audience).containsOnly(FABRIC_AUDIENCE);
			});
		}
		finally {
			entra.tokenLifetime(Duration.ofHours(1));
			entra.oidPerToken(false);
		}
	}

	@Test
	void refreshesTheTokenOnceAfterA401AndRetries() {
		try (LivyEmulator livy = fabricRequiringEntraTokens()) {
			entraRunner(livy).run((context) -> {
				LivyService service = context.getBean(LivyService.class);
				service.listSessions();
				int issued = entra.tokensIssued(FABRIC_AUDIENCE);
				livy.inject("GET", "/sessions", 1, Fault.status(401));
				service.listSessions();
				assertThat(entra.tokensIssued(FABRIC_AUDIENCE)).isEqualTo(issued + 1);
				assertThat(livy.requests("GET", "/sessions")).extracting(RecordedLivyRequest::status)
					.containsExactly(200, 401, 200);

				livy.inject("GET", "/sessions", 2, Fault.status(401));
				assertThatExceptionOfType(LivyException.class).isThrownBy(service::listSessions)
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(401));
				assertThat(livy.requests("GET", "/sessions")).hasSize(5);
			});
		}
	}

	@Test
	void failsWithUnauthorizedWhenTheTokenHasTheWrongAudience() {
		try (LivyEmulator livy = fabricRequiringEntraTokens()) {
			entraRunner(livy).withPropertyValues("entra.livy.scope=api://some-other-api/.default").run((context) -> {
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(401))
					.withMessageNotContaining("eyJ");
				assertThat(livy.requests()).hasSize(2).allMatch((request) -> request.status() == 401);
			});
		}
	}

	@Test
	void runsSessionsUnderACallerSuppliedToken() {
		try (LivyEmulator livy = fabricRequiringEntraTokens()) {
			entraRunner(livy).run((context) -> {
				LivyService service = context.getBean(LivyService.class);
				String userToken = entra.mintAccessToken("signed-in-user", FABRIC_AUDIENCE, Duration.ofMinutes(5));
				LivyService asUser = service.withTokenSource(() -> userToken);
				try (LivySession session = asUser.startSession()) {
					assertThat(session.sql("select 'me' as who").table().rows()).containsExactly(List.of("me"));
				}
				service.listSessions();
				List<RecordedLivyRequest> requests = livy.requests();
				assertThat(requests.subList(0, requests.size() - 1)).extracting(RecordedLivyRequest::oid)
					.containsOnly(entra.oidOf("signed-in-user"));
				assertThat(requests.get(requests.size() - 1).oid()).isEqualTo(entra.oidOf("livy-app"));
			});
		}
	}

	@Test
	void authenticatesWithBasicCredentialsAndDoesNotRetryA401() {
		try (LivyEmulator livy = LivyEmulator.apache().requireBasic("livy-user", "livy-password")) {
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(livy, "entra.livy.auth=basic",
						"entra.livy.basic.username=livy-user", "entra.livy.basic.password=livy-password"))
				.run((context) -> {
					try (LivySession session = context.getBean(LivyService.class).startSession()) {
						assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));
					}
				});
			livy.clearRequests();
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(livy, "entra.livy.auth=basic",
						"entra.livy.basic.username=livy-user", "entra.livy.basic.password=not-the-password-3f1c"))
				.run((context) -> {
					assertThatExceptionOfType(LivyException.class)
						.isThrownBy(() -> context.getBean(LivyService.class).listSessions())
						.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(401))
						.withMessageNotContaining("not-the-password-3f1c");
					assertThat(livy.requests()).hasSize(1);
				});
		}
	}

	@Test
	void refusesToSendBearerTokensOverPlainHttpToAnotherHost() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EntraLivyAutoConfiguration.class))
			.withBean(TokenCredential.class, LivyAuthenticationTests::fixedToken)
			.withPropertyValues("entra.livy.base-url=http://livy.example.com/v1/workspaces/w/lakehouses/l/livyapi/"
					+ "versions/2023-12-01")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(EntraConfigurationException.class)
					.satisfies((ex) -> {
						assertThat(((EntraConfigurationException) ex).getProperty()).isEqualTo("entra.livy.base-url");
						assertThat(((EntraConfigurationException) ex).getAction())
							.contains("entra.livy.allow-insecure-http");
					});
			});
	}

	@Test
	void sendsBearerTokensOverPlainHttpOnlyWhenExplicitlyAllowed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class, EntraLivyAutoConfiguration.class))
			.withBean(TokenCredential.class, LivyAuthenticationTests::fixedToken)
			.withPropertyValues("entra.livy.base-url=http://livy.internal:8998", "entra.livy.auth=entra",
					"entra.livy.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasSingleBean(LivyService.class));
	}

	@Test
	void staysOffWithoutABaseUrlOrWhenDisabled() {
		LivyTestContexts.runner().run((context) -> assertThat(context).doesNotHaveBean(LivyService.class));
		LivyTestContexts.runner()
			.withPropertyValues("entra.livy.base-url=http://localhost:8998", "entra.livy.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LivyService.class));
	}

	@Test
	void requiresBasicCredentialsWhenBasicIsChosen() {
		LivyTestContexts.runner()
			.withPropertyValues("entra.livy.base-url=http://localhost:8998", "entra.livy.auth=basic")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.livy.basic.username"));
	}

	private static TokenCredential fixedToken() {
		return (request) -> Mono.just(new AccessToken("not-a-real-token", OffsetDateTime.now().plusHours(1)));
	}

	private static LivyEmulator fabricRequiringEntraTokens() {
		return LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), FABRIC_AUDIENCE);
	}

	private static ApplicationContextRunner entraRunner(LivyEmulator livy) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class, EntraLivyAutoConfiguration.class))
			.withPropertyValues(LivyTestContexts.fastProperties(livy))
			.withPropertyValues("entra.livy.auth=entra", "entra.credential.type=client-secret",
					"entra.credential.client-id=livy-app", "entra.credential.client-secret=livy-secret",
					"entra.credential.tenant-id=" + entra.tenantId(),
					"entra.credential.authority-host=" + entra.authorityHost(),
					"entra.credential.instance-discovery=false", "entra.credential.ssl-bundle=entra-emulator",
					"spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:" + entra.trustCertificatePem());
	}

}
