package io.github.entraauth.kafka.actuate;

import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.kafka.EntraKafkaAutoConfiguration;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EntraKafkaActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
				EntraTokenAutoConfiguration.class, KafkaAutoConfiguration.class, EntraKafkaAutoConfiguration.class,
				EntraKafkaActuatorAutoConfiguration.class))
		.withPropertyValues("entra.credential.type=client-secret", "entra.credential.tenant-id=tenant-1",
				"entra.credential.client-id=client-1", "entra.credential.client-secret=secret-1",
				"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net:9093");

	@Test
	void registersTheKafkaMetersAndHealthContributor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaLoginMeters.class)
				.hasSingleBean(KafkaListenerAuthFailureMeters.class)
				.hasBean("entraKafkaHealthContributor");
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(KafkaLoginMeters.class).bindTo(registry);
			context.getBean(KafkaListenerAuthFailureMeters.class).bindTo(registry);
			assertThat(registry.get("entra.kafka.logins").functionCounters()).hasSize(2);
			assertThat(registry.get("entra.kafka.listener.auth.failures").functionCounters()).hasSize(2);
		});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.entra-kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("entraKafkaHealthContributor")
				.hasSingleBean(KafkaLoginMeters.class));
	}

	@Test
	void noHealthContributorWhenTheApplicationNamesNoBootstrapServers() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class, KafkaAutoConfiguration.class, EntraKafkaAutoConfiguration.class,
					EntraKafkaActuatorAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=client-secret", "entra.credential.tenant-id=tenant-1",
					"entra.credential.client-id=client-1", "entra.credential.client-secret=secret-1")
			.run((context) -> assertThat(context).doesNotHaveBean("entraKafkaHealthContributor")
				.hasSingleBean(KafkaLoginMeters.class));
	}

	@Test
	void backsOffWhenTheKafkaIntegrationIsDisabled() {
		this.runner.withPropertyValues("entra.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaLoginMeters.class)
				.doesNotHaveBean("entraKafkaHealthContributor"));
	}

}
