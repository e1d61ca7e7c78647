package org.springframework.cloud.stream.binder.kafka.provisioning;

import java.util.Map;

/**
 * Test stand-in with the name and signature of Spring Cloud Stream's Kafka binder interface, which this project
 * does not depend on.
 */
@FunctionalInterface
public interface AdminClientConfigCustomizer {

	void configure(Map<String, Object> adminClientProperties);

}
