package io.github.entraauth.actuate;

import io.github.entraauth.kafka.KafkaLogins;
import io.github.entraauth.redis.EntraRedisProperties;
import io.github.entraauth.redis.RedisReauthentications;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators, Micrometer meters and the {@code entra} endpoint, each when its library is
 * present.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class,
		afterName = { "io.github.entraauth.redis.EntraRedisAutoConfiguration",
				"io.github.entraauth.kafka.EntraKafkaAutoConfiguration" })
@ConditionalOnBean(TokenManagers.class)
public final class EntraActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("entra")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "entraTokensHealthContributor")
		HealthContributor entraTokensHealthContributor(TokenManagers managers) {
			return new TokenHealthContributor(managers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenMeters entraTokenMeters(TokenManagers managers) {
			return new TokenMeters(managers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.core.instrument.MeterRegistry", "io.lettuce.core.RedisClient" })
	@ConditionalOnBean(RedisReauthentications.class)
	static class RedisMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisReauthenticationMeters entraRedisReauthenticationMeters(RedisReauthentications reauthentications,
				EntraRedisProperties properties) {
			return new RedisReauthenticationMeters(reauthentications, properties.getScope());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.core.instrument.MeterRegistry",
			"org.springframework.kafka.core.KafkaTemplate" })
	@ConditionalOnBean(KafkaLogins.class)
	static class KafkaMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaLoginMeters entraKafkaLoginMeters(KafkaLogins logins) {
			return new KafkaLoginMeters(logins);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnAvailableEndpoint(EntraEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EntraEndpoint entraEndpoint(TokenManagers managers) {
			return new EntraEndpoint(managers);
		}

	}

}
