package io.github.entraauth.token.actuate;

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
 * Token health per scope, token meters and the entra endpoint, each when its library is present. Every
 * integration's tokens come from the one TokenManagers, so this knows no integration.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class)
@ConditionalOnBean(TokenManagers.class)
public final class EntraTokenActuatorAutoConfiguration {

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
