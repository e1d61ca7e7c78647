package io.github.entraauth.kafka.actuate;

import java.time.Duration;

import io.github.entraauth.kafka.EntraKafkaAutoConfiguration;
import io.github.entraauth.kafka.KafkaListenerAuthFailures;
import io.github.entraauth.kafka.KafkaLogins;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Meters and health for Kafka with Entra ID tokens, when Micrometer or Spring Boot's health support is present
 * and the Kafka integration is active.
 */
@AutoConfiguration(after = { EntraKafkaAutoConfiguration.class, KafkaAutoConfiguration.class })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(KafkaLogins.class)
public final class EntraKafkaActuatorAutoConfiguration {

	/** Short enough for a readiness probe, long enough for a TLS and SASL handshake on a busy host. */
	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaLoginMeters entraKafkaLoginMeters(KafkaLogins logins) {
			return new KafkaLoginMeters(logins);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(KafkaListenerAuthFailures.class)
		KafkaListenerAuthFailureMeters entraKafkaListenerAuthFailureMeters(KafkaListenerAuthFailures failures) {
			return new KafkaListenerAuthFailureMeters(failures);
		}

	}

	/** Only for applications that name their cluster: Boot's default localhost:9092 would report DOWN in apps not using Kafka. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("entra-kafka")
	@ConditionalOnProperty("spring.kafka.bootstrap-servers")
	@ConditionalOnBean(KafkaAdmin.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "entraKafkaHealthContributor")
		HealthContributor entraKafkaHealthContributor(KafkaAdmin kafkaAdmin) {
			return new KafkaClusterHealthIndicator(kafkaAdmin::getConfigurationProperties, HEALTH_TIMEOUT);
		}

	}

}
