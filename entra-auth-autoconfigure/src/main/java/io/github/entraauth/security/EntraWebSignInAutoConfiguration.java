package io.github.entraauth.security;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.entraauth.credential.EntraCredentialProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Web sign-in with Entra ID: the client registration from {@code entra.security.client-id/client-secret} at the
 * application's authority ({@code entra.credential.tenant-id/authority-host/ssl-bundle}, limited to
 * {@code entra.security.allowed-tenants}; registrations from {@code spring.security.oauth2.client.*} are kept and
 * win on the same id), and the OIDC user service that maps Entra groups and roles to {@code ROLE_} authorities.
 * Spring Boot's OAuth2 client auto-configuration then adds its default login chain when the application defines
 * no security filter chain.
 */
@AutoConfiguration(before = OAuth2ClientAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass({ ClientRegistration.class, OidcUserService.class })
@ConditionalOnBooleanProperty(name = "entra.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EntraSecurityProperties.class, EntraCredentialProperties.class })
@Import(EntraRoleMappingConfiguration.class)
public final class EntraWebSignInAutoConfiguration {

	EntraWebSignInAutoConfiguration(Environment environment) {
		RetiredSecurityProperties.check(environment);
	}

	@Bean
	@ConditionalOnMissingBean(OAuth2UserService.class)
	EntraOidcUserService entraOidcUserService(EntraRoleMapper roleMapper, EntraSecurityProperties properties,
			EntraCredentialProperties credential, ObjectProvider<SslBundles> sslBundles) {
		RestClient graph = RestClient.builder()
			.requestFactory(requestFactory(properties, credential, sslBundles))
			.build();
		return new EntraOidcUserService(new OidcUserService(), roleMapper,
				new GraphGroups(graph, properties.getGraphMemberOfEndpoint()));
	}

	/** Entra and Graph calls trust what the application's credential trusts (entra.credential.ssl-bundle). */
	static ClientHttpRequestFactory requestFactory(EntraSecurityProperties properties,
			EntraCredentialProperties credential, ObjectProvider<SslBundles> sslBundles) {
		return EntraHttpClients.requestFactory(properties.getGraphTimeout(), credential.toSettings().sslBundle(),
				sslBundles);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("entra.security.client-id")
	@EnableConfigurationProperties(OAuth2ClientProperties.class)
	static class EntraClientRegistrationConfiguration {

		private static final Logger logger = LoggerFactory.getLogger(EntraClientRegistrationConfiguration.class);

		@Bean
		@ConditionalOnMissingBean(ClientRegistrationRepository.class)
		InMemoryClientRegistrationRepository clientRegistrationRepository(EntraSecurityProperties properties,
				EntraCredentialProperties credential, OAuth2ClientProperties springProperties,
				ObjectProvider<EntraSignInScopes> consents) {
			EntraAuthority authority = EntraAuthority.of(credential.toSettings(), properties.getAllowedTenants());
			ClientRegistration entra = withConsents(EntraClientRegistrations.of(properties, authority), consents);
			Map<String, ClientRegistration> registrations = new LinkedHashMap<>(
					new OAuth2ClientPropertiesMapper(springProperties).asClientRegistrations());
			if (registrations.putIfAbsent(entra.getRegistrationId(), entra) != null) {
				logger.info("spring.security.oauth2.client.registration.{} is set, so entra.security.client-id and its "
						+ "related settings are not used for it", entra.getRegistrationId());
			}
			return new InMemoryClientRegistrationRepository(registrations);
		}

		/** Adds the scopes other integrations need consent for, so a later refresh token covers them. */
		private static ClientRegistration withConsents(ClientRegistration registration,
				ObjectProvider<EntraSignInScopes> consents) {
			Set<String> scopes = new LinkedHashSet<>(registration.getScopes());
			consents.orderedStream().forEach((consent) -> scopes.addAll(consent.scopes()));
			if (scopes.equals(registration.getScopes())) {
				return registration;
			}
			return ClientRegistration.withClientRegistration(registration).scope(scopes).build();
		}

		@Bean
		@ConditionalOnMissingBean(JwtDecoderFactory.class)
		JwtDecoderFactory<ClientRegistration> entraIdTokenDecoderFactory(EntraSecurityProperties properties,
				EntraCredentialProperties credential, ObjectProvider<SslBundles> sslBundles) {
			RestTemplate jwks = new RestTemplate(requestFactory(properties, credential, sslBundles));
			return new EntraIdTokenDecoderFactory(properties.getRegistrationId(),
					EntraAuthority.of(credential.toSettings(), properties.getAllowedTenants()), jwks);
		}

	}

	/**
	 * Token requests (code redemption and refresh) through {@code entra.credential.ssl-bundle}; Spring Security's
	 * login and authorized-client manager pick these beans up by type.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty({ "entra.security.client-id", "entra.credential.ssl-bundle" })
	static class EntraTokenClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RestClientAuthorizationCodeTokenResponseClient entraAuthorizationCodeTokenResponseClient(
				EntraSecurityProperties properties, EntraCredentialProperties credential,
				ObjectProvider<SslBundles> sslBundles) {
			RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
			client.setRestClient(tokenRestClient(requestFactory(properties, credential, sslBundles)));
			return client;
		}

		@Bean
		@ConditionalOnMissingBean
		RestClientRefreshTokenTokenResponseClient entraRefreshTokenTokenResponseClient(
				EntraSecurityProperties properties, EntraCredentialProperties credential,
				ObjectProvider<SslBundles> sslBundles) {
			RestClientRefreshTokenTokenResponseClient client = new RestClientRefreshTokenTokenResponseClient();
			client.setRestClient(tokenRestClient(requestFactory(properties, credential, sslBundles)));
			return client;
		}

		/** The converters and error handling Spring Security's own token clients use, over our transport. */
		private static RestClient tokenRestClient(ClientHttpRequestFactory requestFactory) {
			return RestClient.builder()
				.requestFactory(requestFactory)
				.configureMessageConverters((converters) -> {
					converters.addCustomConverter(new FormHttpMessageConverter());
					converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
				})
				.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
				.build();
		}

	}

}
