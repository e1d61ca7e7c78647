package io.github.entraauth.kafka.actuate;

import io.github.entraauth.kafka.KafkaLogins;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Kafka logins and re-logins: every time a Kafka client's login thread asked the starter for a
 * token, by outcome.
 */
class KafkaLoginMeters implements MeterBinder {

	private final KafkaLogins logins;

	KafkaLoginMeters(KafkaLogins logins) {
		this.logins = logins;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("entra.kafka.logins", this.logins, KafkaLogins::succeeded)
			.tags("integration", "kafka", "result", "success")
			.description("Kafka client logins and token refreshes that got a token")
			.register(registry);
		FunctionCounter.builder("entra.kafka.logins", this.logins, KafkaLogins::failed)
			.tags("integration", "kafka", "result", "failure")
			.description("Kafka client logins and token refreshes that got an error instead of a token")
			.register(registry);
	}

}
