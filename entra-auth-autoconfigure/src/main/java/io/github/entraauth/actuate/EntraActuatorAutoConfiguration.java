package io.github.entraauth.actuate;

import io.github.entraauth.kafka.KafkaLogins;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka login meters, until they move next to Kafka.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class,
		afterName = "io.github.entraauth.kafka.EntraKafkaAutoConfiguration")
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

}
