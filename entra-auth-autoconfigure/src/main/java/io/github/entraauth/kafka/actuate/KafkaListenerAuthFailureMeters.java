package io.github.entraauth.kafka.actuate;

import io.github.entraauth.kafka.KafkaListenerAuthFailures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Listener containers that failed to authenticate or were not authorized and kept running to retry.
 */
class KafkaListenerAuthFailureMeters implements MeterBinder {

	static final String NAME = "entra.kafka.listener.auth.failures";

	private final KafkaListenerAuthFailures failures;

	KafkaListenerAuthFailureMeters(KafkaListenerAuthFailures failures) {
		this.failures = failures;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(NAME, this.failures, KafkaListenerAuthFailures::authenticationFailures)
			.tags("integration", "kafka", "reason", "authentication")
			.description("Kafka listener polls that failed to authenticate; the container retries")
			.register(registry);
		FunctionCounter.builder(NAME, this.failures, KafkaListenerAuthFailures::authorizationFailures)
			.tags("integration", "kafka", "reason", "authorization")
			.description("Kafka listener polls that were not authorized; the container retries")
			.register(registry);
	}

}
