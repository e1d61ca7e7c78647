package io.github.entraauth.actuate;

import java.util.regex.Pattern;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.redis.EntraRedisProperties;
import io.github.entraauth.redis.RedisReauthentications;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
				"io.github.entraauth.livy.EntraLivyAutoConfiguration" })
@ConditionalOnBean(TokenManagers.class)
public final class EntraActuatorAutoConfiguration {

	private static final Pattern SECRET_KEY = Pattern.compile(".*(client-?secret|certificate-?password|password)");

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
			"org.springframework.web.client.RestClient", "tools.jackson.databind.json.JsonMapper" })
	@ConditionalOnProperty("entra.livy.base-url")
	static class LivyMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LivyMeters entraLivyMeters(ObjectProvider<LivyService> livy) {
			return new LivyMeters(livy);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthContributor",
			"org.springframework.web.client.RestClient", "tools.jackson.databind.json.JsonMapper" })
	@ConditionalOnEnabledHealthIndicator("livy")
	@ConditionalOnBean(LivyService.class)
	static class LivyHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "livyHealthIndicator")
		HealthContributor livyHealthIndicator(LivyService livy) {
			return new LivyHealthIndicator(livy);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
	static class SanitizingConfiguration {

		/** Masks identity secrets in env and configprops even when an operator sets show-values=always. */
		@Bean
		SanitizingFunction entraSecretsSanitizingFunction() {
			return (data) -> SECRET_KEY.matcher(data.getLowerCaseKey()).matches() ? data.withSanitizedValue() : data;
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
