package io.github.entraauth.redis;

import io.github.entraauth.config.EntraConfigurationException;

import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.RedisCredentialsProviderFactory;

/**
 * Authenticates Spring Boot's Lettuce connections with Entra ID tokens and re-AUTHenticates live
 * connections when the token is refreshed. Everything else Boot configures (timeouts, SSL,
 * cluster topology refresh, RESP3) is kept: this only adds to Boot's builders through its
 * customizers.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class,
		beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisClient.class, LettuceConnectionFactory.class,
		LettuceClientConfigurationBuilderCustomizer.class })
@ConditionalOnBean({ TokenManagers.class, EntraIdentities.class })
@ConditionalOnBooleanProperty(name = "entra.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EntraRedisProperties.class)
public final class EntraRedisAutoConfiguration {

	private final EntraRedisProperties properties;

	EntraRedisAutoConfiguration(EntraRedisProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	EntraRedisCredentialsProvider entraRedisCredentialsProvider(EntraIdentities identities,
			TokenManagers tokenManagers) {
		String scope = this.properties.getScope();
		if (scope == null || scope.isBlank() || !scope.endsWith("/.default")) {
			throw new EntraConfigurationException("entra.redis.scope",
					"'" + scope + "' is not an Entra ID resource scope ending in /.default",
					"Set entra.redis.scope to https://redis.azure.com/.default (or your resource's /.default scope).");
		}
		EntraIdentity identity = identities.resolve(this.properties.getCredential(), "entra.redis.credential");
		TokenManager tokenManager = tokenManagers.forIdentity(identity, this.properties.getScope());
		return new EntraRedisCredentialsProvider(tokenManager, this.properties.getUsername(),
				this.properties.isAwaitFirstToken());
	}

	@Bean
	LettuceClientConfigurationBuilderCustomizer entraRedisCredentialsCustomizer(
			EntraRedisCredentialsProvider provider) {
		// called once per node, sentinel included: every one shares the provider
		RedisCredentialsProviderFactory factory = new RedisCredentialsProviderFactory() {
			@Override
			public RedisCredentialsProvider createCredentialsProvider(RedisConfiguration configuration) {
				return provider;
			}

			@Override
			public RedisCredentialsProvider createSentinelCredentialsProvider(RedisSentinelConfiguration configuration) {
				return provider;
			}
		};
		return (builder) -> builder.redisCredentialsProviderFactory(factory);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "entra.redis.reauthenticate", matchIfMissing = true)
	LettuceClientOptionsBuilderCustomizer entraRedisReauthenticateCustomizer() {
		return (options) -> options.reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
	}

	@Bean
	LettuceChannels entraRedisChannels() {
		return new LettuceChannels();
	}

	/** Runs first, so an application's own Netty customizer replaces this one rather than the reverse. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClientResourcesBuilderCustomizer entraRedisChannelTracking(LettuceChannels channels) {
		return (builder) -> builder.nettyCustomizer(channels);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisReauthentications entraRedisReauthentications(EntraRedisCredentialsProvider provider,
			LettuceChannels channels, ObjectProvider<ClientResources> clientResources) {
		return new RedisReauthentications(provider, channels, clientResources);
	}

	@Bean
	AzureRedisTlsDefault entraRedisAzureTlsDefault(Environment environment,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
		return new AzureRedisTlsDefault(environment, connectionDetails);
	}

	@Bean
	static RedisProtocolCheck entraRedisProtocolCheck(
			ObjectProvider<LettuceConnectionFactory> connectionFactories) {
		return new RedisProtocolCheck(connectionFactories);
	}

	@Bean
	static AzureRedisTlsCheck entraRedisAzureTlsCheck(ObjectProvider<LettuceConnectionFactory> connectionFactories) {
		return new AzureRedisTlsCheck(connectionFactories);
	}

}
