package io.github.entraauth.actuate;

import io.github.entraauth.kafka.KafkaLogins;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;

import org.springframework.beans.factory.ObjectProvider;
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
		afterName = { "io.github.entraauth.kafka.EntraKafkaAutoConfiguration",
				"io.github.entraauth.livy.EntraLivyAutoConfiguration" })
@ConditionalOnBean(TokenManagers.class)
public final class EntraActuatorAutoConfiguration {

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

}
