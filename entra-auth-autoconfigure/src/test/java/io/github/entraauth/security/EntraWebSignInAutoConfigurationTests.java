package io.github.entraauth.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.entraauth.config.EntraConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, overrides and failures of the Entra sign-in and resource-server auto-configurations.
 */
class EntraWebSignInAutoConfigurationTests {

	private static final String TENANT = "0b7c1f2e-1111-4222-8333-444455556666";

	private static final String ADMINS = "a1a1a1a1-0000-4000-8000-000000000001";

	private static final String EDITORS = "e2e2e2e2-0000-4000-8000-000000000002";

	private static final String SECRET = "web-secret-never-shown";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(EntraWebSignInAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				EntraResourceServerAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class));

	private static final String PARTNER = "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff";

	private final String[] shortcuts = { "entra.credential.tenant-id=" + TENANT, "entra.security.client-id=web-app",
			"entra.security.client-secret=" + SECRET };

	@Test
	void shortcutsRegisterTheEntraV2ClientWithoutDiscovery() {
		this.runner.withPropertyValues(this.shortcuts).withPropertyValues("entra.security.scopes=User.Read,https://api.fabric.microsoft.com/Lakehouse.Execute.All")
			.run((context) -> {
				ClientRegistration registration = context.getBean(ClientRegistrationRepository.class)
					.findByRegistrationId("entra");
				String base = "https://login.microsoftonline.com/" + TENANT;
				assertThat(registration.getClientId()).isEqualTo("web-app");
				assertThat(registration.getClientSecret()).isEqualTo(SECRET);
				assertThat(registration.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
				assertThat(registration.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
				assertThat(registration.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
				assertThat(registration.getScopes()).containsExactly("openid", "profile", "email", "offline_access",
						"User.Read", "https://api.fabric.microsoft.com/Lakehouse.Execute.All");
				assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo(base + "/oauth2/v2.0/authorize");
				assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo(base + "/oauth2/v2.0/token");
				assertThat(registration.getProviderDetails().getJwkSetUri()).isEqualTo(base + "/discovery/v2.0/keys");
				assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(base + "/v2.0");
				assertThat(registration.getProviderDetails().getConfigurationMetadata())
					.containsEntry("end_session_endpoint", base + "/oauth2/v2.0/logout");
				assertThat(registration.getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName())
					.isEqualTo("preferred_username");
				assertThat(context).hasSingleBean(EntraOidcUserService.class).hasSingleBean(EntraRoleMapper.class);
			});
	}

	@Test
	void authorityHostComesFromTheCredentialAndRegistrationIdIsConfigurable() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.credential.authority-host=https://login.microsoftonline.us/",
					"entra.security.registration-id=azure")
			.run((context) -> {
				ClientRegistration registration = context.getBean(ClientRegistrationRepository.class)
					.findByRegistrationId("azure");
				assertThat(registration.getProviderDetails().getTokenUri())
					.isEqualTo("https://login.microsoftonline.us/" + TENANT + "/oauth2/v2.0/token");
				assertThat(registration.getProviderDetails().getIssuerUri())
					.isEqualTo("https://login.microsoftonline.us/" + TENANT + "/v2.0");
			});
	}

	@Test
	void multiTenantAuthorityWithAnAllowListHasNoFixedIssuer() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=organizations", "entra.security.client-id=web-app",
					"entra.security.client-secret=" + SECRET, "entra.security.allowed-tenants=" + TENANT + "," + PARTNER)
			.run((context) -> {
				ClientRegistration registration = context.getBean(ClientRegistrationRepository.class)
					.findByRegistrationId("entra");
				assertThat(registration.getProviderDetails().getTokenUri())
					.isEqualTo("https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
				assertThat(registration.getProviderDetails().getIssuerUri()).isNull();
			});
	}

	@Test
	void allowingTenantsBesideTheHomeTenantSignsInAtOrganizations() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.security.allowed-tenants=" + TENANT + "," + PARTNER)
			.run((context) -> assertThat(context.getBean(ClientRegistrationRepository.class)
				.findByRegistrationId("entra")
				.getProviderDetails()
				.getAuthorizationUri()).isEqualTo("https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"));
	}

	@Test
	void allowingOnlyTheHomeTenantStaysSingleTenant() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.security.allowed-tenants=" + TENANT.toUpperCase())
			.run((context) -> assertThat(context.getBean(ClientRegistrationRepository.class)
				.findByRegistrationId("entra")
				.getProviderDetails()
				.getIssuerUri()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/v2.0"));
	}

	@Test
	void multiTenantAuthorityWithoutAllowListFailsNamingIt() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=common", "entra.security.client-id=web-app",
					"entra.security.client-secret=" + SECRET)
			.run((context) -> {
				assertFailure(context.getStartupFailure(), "entra.security.allowed-tenants");
				assertThat(rootCause(context.getStartupFailure()).getAction()).contains("entra.security.allowed-tenants");
			});
	}

	@Test
	void multiTenantAuthorityWithAnAppOnlyCredentialFailsNamingTheTenant() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=common", "entra.credential.type=client-secret",
					"entra.credential.client-id=daemon", "entra.credential.client-secret=" + SECRET,
					"entra.security.client-id=web-app", "entra.security.client-secret=" + SECRET,
					"entra.security.allowed-tenants=" + TENANT)
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.tenant-id"));
	}

	@Test
	void tenantIdWithAPathFailsNamingIt() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=contoso/../evil", "entra.security.client-id=web-app",
					"entra.security.client-secret=" + SECRET)
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.tenant-id"));
	}

	@Test
	void domainTenantWithoutAllowListFailsNamingIt() {
		this.runner
			.withPropertyValues("entra.credential.tenant-id=contoso.onmicrosoft.com", "entra.security.client-id=web-app",
					"entra.security.client-secret=" + SECRET)
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.tenant-id"));
	}

	@Test
	void allowedTenantThatIsNotAGuidFailsNamingIt() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.security.allowed-tenants=fabrikam.onmicrosoft.com")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.security.allowed-tenants"));
	}

	@Test
	void zeroGraphTimeoutFailsNamingIt() {
		this.runner.withPropertyValues("entra.security.graph-timeout=0s")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.security.graph-timeout"));
	}

	@Test
	void plainHttpGraphEndpointFailsNamingIt() {
		this.runner.withPropertyValues("entra.security.graph-member-of-endpoint=http://graph.example.test/v1.0/me/memberOf")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.security.graph-member-of-endpoint"));
	}

	@Test
	void plainHttpGraphEndpointOnLoopbackIsAccepted() {
		this.runner.withPropertyValues("entra.security.graph-member-of-endpoint=http://127.0.0.1:8089/v1.0/me/memberOf")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EntraOidcUserService.class));
	}

	@Test
	void resourceServerDecoderWithoutATenantFailsNamingIt() {
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.test/keys")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.tenant-id"));
	}

	@Test
	void resourceServerDecoderGetsTheTenantValidator() {
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.test/keys",
				"entra.credential.tenant-id=" + TENANT)
			.run((context) -> assertThat(context).getBean("entraTenantValidator").isInstanceOf(EntraTenantValidator.class));
	}

	@Test
	void retiredSecurityTenantKeyFailsNamingItsReplacement() {
		this.runner.withPropertyValues("entra.security.tenant-id=" + TENANT)
			.run((context) -> {
				assertFailure(context.getStartupFailure(), "entra.security.tenant-id");
				assertThat(rootCause(context.getStartupFailure()).getAction()).contains("entra.credential.tenant-id");
			});
	}

	@Test
	void springRegistrationsAreKeptAndWinOnTheSameId() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("spring.security.oauth2.client.registration.entra.client-id=spring-app",
					"spring.security.oauth2.client.registration.entra.client-secret=spring-secret",
					"spring.security.oauth2.client.registration.entra.authorization-grant-type=authorization_code",
					"spring.security.oauth2.client.registration.entra.redirect-uri={baseUrl}/custom",
					"spring.security.oauth2.client.provider.entra.authorization-uri=https://idp.test/authorize",
					"spring.security.oauth2.client.provider.entra.token-uri=https://idp.test/token",
					"spring.security.oauth2.client.registration.partner.client-id=partner-app",
					"spring.security.oauth2.client.registration.partner.client-secret=partner-secret",
					"spring.security.oauth2.client.registration.partner.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.registration.partner.provider=entra")
			.run((context) -> {
				ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
				assertThat(repository.findByRegistrationId("entra").getClientId()).isEqualTo("spring-app");
				assertThat(repository.findByRegistrationId("partner").getClientId()).isEqualTo("partner-app");
			});
	}

	@Test
	void shortcutsAddTheEntraClientNextToOtherSpringRegistrations() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("spring.security.oauth2.client.registration.partner.client-id=partner-app",
					"spring.security.oauth2.client.registration.partner.client-secret=partner-secret",
					"spring.security.oauth2.client.registration.partner.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.provider.partner.token-uri=https://idp.test/token")
			.run((context) -> {
				ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
				assertThat(repository.findByRegistrationId("entra").getClientId()).isEqualTo("web-app");
				assertThat(repository.findByRegistrationId("partner").getClientId()).isEqualTo("partner-app");
			});
	}

	@Test
	void applicationRepositoryWins() {
		this.runner.withPropertyValues(this.shortcuts).withUserConfiguration(OwnRepository.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientRegistrationRepository.class);
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra")).isNull();
		});
	}

	@Test
	void withoutClientIdNoRegistrationIsMadeButRolesAreStillMapped() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ClientRegistrationRepository.class);
			assertThat(context).hasSingleBean(EntraOidcUserService.class).hasSingleBean(JwtAuthenticationConverter.class);
		});
	}

	@Test
	void disabledBacksOffEntirely() {
		this.runner.withPropertyValues(this.shortcuts).withPropertyValues("entra.security.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EntraRoleMapper.class).doesNotHaveBean(EntraOidcUserService.class);
			assertThat(context).doesNotHaveBean(ClientRegistrationRepository.class);
		});
	}

	@Test
	void missingClientSecretFailsNamingIt() {
		this.runner.withPropertyValues("entra.credential.tenant-id=" + TENANT, "entra.security.client-id=web-app")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.security.client-secret"));
	}

	@Test
	void missingTenantFailsNamingIt() {
		this.runner.withPropertyValues("entra.security.client-id=web-app", "entra.security.client-secret=" + SECRET)
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.tenant-id"));
	}

	@Test
	void plainHttpAuthorityFailsNamingIt() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.credential.authority-host=http://login.microsoftonline.com")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.authority-host"));
	}

	@Test
	void unknownSslBundleFailsNamingIt() {
		this.runner.withPropertyValues(this.shortcuts).withPropertyValues("entra.credential.ssl-bundle=missing")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.credential.ssl-bundle"));
	}

	@Test
	void blankRoleNameFailsNamingTheMapEntry() {
		this.runner.withPropertyValues("entra.security.group-roles[" + ADMINS + "]= ")
			.run((context) -> assertFailure(context.getStartupFailure(), "entra.security.group-roles[" + ADMINS + "]"));
	}

	@Test
	void roleNameWithPrefixFailsNamingTheMapEntry() {
		this.runner.withPropertyValues("entra.security.group-roles[" + ADMINS + "]=ROLE_ADMIN")
			.run((context) -> {
				assertFailure(context.getStartupFailure(), "entra.security.group-roles[" + ADMINS + "]");
				assertThat(rootCause(context.getStartupFailure()).getAction()).contains("ADMIN");
			});
	}

	@Test
	void sslBundleMakesTokenRequestsUseItsTrust() {
		this.runner.withPropertyValues(this.shortcuts)
			.withPropertyValues("entra.credential.ssl-bundle=entra-test")
			.withConfiguration(AutoConfigurations.of(org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
			.withPropertyValues("spring.ssl.bundle.pem.entra-test.truststore.certificate=classpath:security/test-ca.pem")
			.run((context) -> assertThat(context).hasSingleBean(RestClientAuthorizationCodeTokenResponseClient.class));
	}

	@Test
	void groupsAndRolesClaimsMapToRolesAndUnknownIdsAreIgnored() {
		this.runner.withPropertyValues("entra.security.group-roles[" + ADMINS + "]=ADMIN",
				"entra.security.group-roles[" + EDITORS + "]=EDITOR", "entra.security.group-roles[Livy.Viewer]=VIEWER")
			.run((context) -> {
				EntraRoleMapper mapper = context.getBean(EntraRoleMapper.class);
				Map<String, Object> claims = Map.of("groups", List.of(ADMINS.toUpperCase(), "ffffffff-unknown"), "roles",
						List.of("Livy.Viewer", "Other.Role"));
				assertThat(names(mapper.authorities(EntraRoleMapper.claimedIds(claims))))
					.containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_VIEWER");
			});
	}

	@Test
	void resourceServerConverterAddsRolesToScopeAuthorities() {
		this.runner.withPropertyValues("entra.security.group-roles[" + EDITORS + "]=EDITOR").run((context) -> {
			Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
				.claim("scp", "Orders.Read").claim("groups", List.of(EDITORS, "unknown-group"))
				.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
			assertThat(names(context.getBean(JwtAuthenticationConverter.class).convert(jwt).getAuthorities()))
				.containsExactlyInAnyOrder("SCOPE_Orders.Read", "ROLE_EDITOR");
		});
	}

	@Test
	void bootsResourceServerAuthoritySettingsWin() {
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.authority-prefix=PERM_",
				"entra.security.group-roles[" + EDITORS + "]=EDITOR").run((context) -> {
					Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
						.claim("scp", "Orders.Read").claim("groups", List.of(EDITORS))
						.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
					assertThat(names(context.getBean(JwtAuthenticationConverter.class).convert(jwt).getAuthorities()))
						.containsExactly("PERM_Orders.Read");
				});
	}

	private static List<String> names(java.util.Collection<? extends GrantedAuthority> authorities) {
		// Spring Security 7 adds a FACTOR_ authority for how the user authenticated
		return authorities.stream().map(GrantedAuthority::getAuthority).filter((name) -> !name.startsWith("FACTOR_")).toList();
	}

	private static void assertFailure(Throwable failure, String property) {
		assertThat(failure).isNotNull();
		EntraConfigurationException cause = rootCause(failure);
		assertThat(cause.getProperty()).isEqualTo(property);
		assertThat(failure).rootCause().hasMessageNotContaining(SECRET);
	}

	private static EntraConfigurationException rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof EntraConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("EntraConfigurationException in the cause chain of %s", failure).isNotNull();
		return (EntraConfigurationException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRepository {

		@Bean
		InMemoryClientRegistrationRepository ownRepository() {
			return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId("own")
				.clientId("own-app")
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.tokenUri("https://idp.test/token")
				.build());
		}

	}

}
