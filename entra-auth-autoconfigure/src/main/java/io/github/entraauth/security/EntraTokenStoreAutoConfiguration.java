package io.github.entraauth.security;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * With {@code entra.security.store.type=redis}, the users' tokens live in the application's Redis, encrypted, so
 * that every instance behind a load balancer sees them: the sign-in's authorized clients (this
 * {@link OAuth2AuthorizedClientService} replaces Boot's in-memory one) and, with per-user Livy, the Livy tokens and
 * session owners (built on the same {@link RedisAuthorizedClients}).
 */
@AutoConfiguration(before = OAuth2ClientAutoConfiguration.class)
@ConditionalOnClass({ StringRedisTemplate.class, OAuth2AuthorizedClientService.class, TextEncryptor.class })
@ConditionalOnBooleanProperty(name = "entra.security.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "entra.security.store.type", havingValue = "redis")
@EnableConfigurationProperties(EntraSecurityProperties.class)
@ImportRuntimeHints(EntraTokenStoreAutoConfiguration.StoredTokensHints.class)
public final class EntraTokenStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisAuthorizedClients entraRedisAuthorizedClients(EntraSecurityProperties properties,
			ObjectProvider<StringRedisTemplate> redis) {
		StringRedisTemplate template = redis.getIfAvailable();
		if (template == null) {
			throw new EntraConfigurationException("entra.security.store.type",
					"is redis, but the application has no Spring Data Redis connection",
					"Add spring-boot-starter-data-redis and spring.data.redis.* (or entra.redis.*), or set"
							+ " entra.security.store.type=memory.");
		}
		EntraSecurityProperties.Store store = properties.getStore();
		return new RedisAuthorizedClients(template, store.getEncryptionKey(), store.getKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	OAuth2AuthorizedClientService entraRedisAuthorizedClientService(RedisAuthorizedClients clients,
			ObjectProvider<ClientRegistrationRepository> registrations) {
		return new RedisOAuth2AuthorizedClientService(clients, (id) -> {
			ClientRegistrationRepository repository = registrations.getIfAvailable();
			return (repository != null) ? repository.findByRegistrationId(id) : null;
		});
	}

	/** The stored tokens are bound with Jackson. */
	static class StoredTokensHints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					RedisAuthorizedClients.StoredTokens.class);
		}

	}

}
