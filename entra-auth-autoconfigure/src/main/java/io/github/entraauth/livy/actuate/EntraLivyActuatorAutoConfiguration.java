package io.github.entraauth.livy.actuate;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.autoconfigure.ConditionalOnLivy;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Livy's health indicator and Micrometer meters, each when its library is present and Livy is configured.
 */
@AutoConfiguration(after = EntraLivyAutoConfiguration.class)
@ConditionalOnClass(LivyService.class)
@ConditionalOnLivy
public final class EntraLivyActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class LivyMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LivyMeters entraLivyMeters(ObjectProvider<LivyService> livy) {
			return new LivyMeters(livy);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
	@ConditionalOnEnabledHealthIndicator("livy")
	@ConditionalOnBean(LivyService.class)
	static class LivyHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "livyHealthIndicator")
		HealthContributor livyHealthIndicator(LivyService livy) {
			return new LivyHealthIndicator(livy);
		}

	}

}
