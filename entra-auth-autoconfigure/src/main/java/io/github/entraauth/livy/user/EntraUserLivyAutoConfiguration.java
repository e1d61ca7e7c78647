package io.github.entraauth.livy.user;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.autoconfigure.ConditionalOnLivy;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;
import io.github.entraauth.livy.autoconfigure.EntraLivyProperties;
import io.github.entraauth.security.EntraSecurityProperties;
import io.github.entraauth.security.EntraSignInScopes;
import io.github.entraauth.security.EntraWebSignInAutoConfiguration;
import io.github.entraauth.security.RedisAuthorizedClients;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/**
 * Per-user Livy: a {@link UserLivyServices} bean when Livy ({@code entra.livy.base-url}) and Entra web sign-in
 * are both configured, and the user's consent to the Livy scopes at sign-in (an {@link EntraSignInScopes}). The
 * users' Livy tokens come from an {@link AuthorizedClientServiceOAuth2AuthorizedClientManager}
 * of its own (usable off the request thread, by the session keeper), kept in a {@link UserLivyTokenStore} under
 * the user's tid and oid; who started which session is kept in a {@link UserLivySessionOwners}. Both are in memory,
 * in Redis with {@code entra.security.store.type=redis} (tokens encrypted), or the application's own beans; a
 * user's tokens are removed at logout.
 */
@AutoConfiguration(after = { EntraLivyAutoConfiguration.class, EntraWebSignInAutoConfiguration.class,
		OAuth2ClientAutoConfiguration.class })
@ConditionalOnClass({ LivyService.class, ClientRegistration.class, RestClientRefreshTokenTokenResponseClient.class })
@ConditionalOnBooleanProperty(name = "entra.security.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "entra.security.livy.enabled", matchIfMissing = true)
@ConditionalOnLivy
@ConditionalOnBean({ LivyService.class, ClientRegistrationRepository.class, OAuth2AuthorizedClientService.class })
@EnableConfigurationProperties({ EntraSecurityProperties.class, EntraUserLivyProperties.class })
public final class EntraUserLivyAutoConfiguration {

	@Bean
	EntraSignInScopes entraUserLivySignInScopes(EntraUserLivyProperties properties) {
		return () -> new LinkedHashSet<>(properties.getScopes());
	}

	/** The registration the users' Livy tokens are refreshed with: the sign-in's client, the Livy scopes. */
	static ClientRegistration livyRegistration(ClientRegistration signIn, EntraUserLivyProperties settings) {
		Set<String> scopes = new LinkedHashSet<>(settings.getScopes());
		scopes.add("offline_access");
		return ClientRegistration.withClientRegistration(signIn)
			.registrationId(signIn.getRegistrationId() + "-livy")
			.scope(scopes)
			.build();
	}

	/** With entra.security.store.type=redis: tokens and owners in Redis, shared by every instance. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(name = "entra.security.store.type", havingValue = "redis")
	static class RedisStores {

		@Bean
		@ConditionalOnMissingBean
		UserLivyTokenStore userLivyTokenStore(RedisAuthorizedClients clients, EntraUserLivyProperties settings,
				EntraSecurityProperties properties, ClientRegistrationRepository registrations) {
			String signInId = properties.getRegistrationId();
			Function<String, @Nullable ClientRegistration> lookup = (id) -> {
				ClientRegistration signIn = registrations.findByRegistrationId(signInId);
				return (signIn == null) ? null
						: id.equals(signInId + "-livy") ? livyRegistration(signIn, settings)
								: registrations.findByRegistrationId(id);
			};
			return new RedisUserLivyTokenStore(clients, lookup);
		}

		@Bean
		@ConditionalOnMissingBean
		UserLivySessionOwners userLivySessionOwners(RedisAuthorizedClients clients) {
			return new RedisUserLivySessionOwners(clients.redis(), clients.keyPrefix());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	UserLivySessionOwners userLivySessionOwners() {
		return new InMemoryUserLivySessionOwners();
	}

	@Bean
	@ConditionalOnMissingBean
	UserLivyTokenStore userLivyTokenStore() {
		return new InMemoryUserLivyTokenStore();
	}

	@Bean
	UserLivyLogout userLivyLogout(UserLivyTokenStore tokens, OAuth2AuthorizedClientService signIns,
			EntraSecurityProperties properties) {
		return new UserLivyLogout(tokens, signIns, properties.getRegistrationId());
	}

	@Bean
	@ConditionalOnMissingBean
	UserLivyServices userLivyServices(LivyService livy, ObjectProvider<EntraLivyProperties> livyProperties,
			EntraSecurityProperties properties, EntraUserLivyProperties settings, ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService signIns, UserLivyTokenStore tokens, UserLivySessionOwners owners,
			ObjectProvider<RestClientRefreshTokenTokenResponseClient> refreshTokenClient) {
		UserLivyServices.validate(settings);
		String signInId = properties.getRegistrationId();
		ClientRegistration signIn = registrations.findByRegistrationId(signInId);
		if (signIn == null) {
			throw new EntraConfigurationException("entra.security.registration-id",
					"there is no client registration '" + signInId + "' to take the users' Livy tokens from",
					"Configure web sign-in (entra.security.client-id), or set entra.security.livy.enabled=false.");
		}
		ClientRegistration livyRegistration = livyRegistration(signIn, settings);
		InMemoryClientRegistrationRepository livyRegistrations = new InMemoryClientRegistrationRepository(
				livyRegistration);
		OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> tokenClient = refreshTokenClient
			.getIfAvailable(RestClientRefreshTokenTokenResponseClient::new);
		RefreshTokenOAuth2AuthorizedClientProvider refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
		refresh.setAccessTokenResponseClient(tokenClient);
		if (settings.getRefreshBeforeExpiry().isNegative()) {
			throw new EntraConfigurationException("entra.security.livy.refresh-before-expiry", "must not be negative",
					"Set entra.security.livy.refresh-before-expiry to zero or a positive duration such as 1m.");
		}
		refresh.setClockSkew(settings.getRefreshBeforeExpiry());
		OAuth2AuthorizedClientProvider first = new SignInRefreshTokenProvider(livyRegistration.getRegistrationId(),
				signInId, signIns, tokenClient);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				livyRegistrations, new UserLivyAuthorizedClients(livyRegistration.getRegistrationId(), tokens));
		manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(first, refresh));
		manager.setContextAttributesMapper(UserLivyServices::contextAttributes);
		String namePrefix = livyProperties.getIfAvailable(EntraLivyProperties::new).getSession().getNamePrefix();
		return new UserLivyServices(livy, manager, livyRegistration.getRegistrationId(), signInId, settings,
				namePrefix, owners);
	}

}
