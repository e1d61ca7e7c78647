package org.springframework.cloud.stream.binder.kafka.support;

import java.util.Map;

/**
 * Test stand-in with the name and signature of Spring Cloud Stream's Kafka binder interface, which this project
 * does not depend on.
 */
@FunctionalInterface
public interface ConsumerConfigCustomizer {

	void configure(Map<String, Object> consumerProperties, String bindingName, String destination);

}
