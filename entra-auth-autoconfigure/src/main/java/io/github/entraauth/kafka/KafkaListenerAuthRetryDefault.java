package io.github.entraauth.kafka;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Gives every listener container factory without an auth-exception retry interval a default one, so that a
 * refused (re-)authentication makes its containers wait and poll again instead of stopping for good.
 * Runs after Boot's configurer, so spring.kafka.listener.auth-exception-retry-interval wins when set.
 */
final class KafkaListenerAuthRetryDefault implements BeanPostProcessor {

	/** Kafka's login retries a failed token refresh every 10 s; polling again sooner would only fail again. */
	static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			ContainerProperties container = factory.getContainerProperties();
			if (container.getAuthExceptionRetryInterval() == null) {
				container.setAuthExceptionRetryInterval(DEFAULT_INTERVAL);
			}
		}
		return bean;
	}

}
