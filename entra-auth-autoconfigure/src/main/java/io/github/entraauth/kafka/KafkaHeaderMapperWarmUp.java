package io.github.entraauth.kafka;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.util.ClassUtils;

/**
 * Builds spring-kafka's default message converter on Boot's background pre-initialization thread. It picks its
 * header mapper by classpath alone, and the starter brings Jackson (azure-core needs Jackson 2, Livy Jackson 3), so
 * every {@code KafkaTemplate} builds a Jackson mapper in its field initializer (~500 classes); built here first, the
 * start's main thread finds those classes loaded.
 */
final class KafkaHeaderMapperWarmUp implements BackgroundPreinitializer {

	private static final String CONVERTER = "org.springframework.kafka.support.converter.MessagingMessageConverter";

	@Override
	public void preinitialize() {
		if (ClassUtils.isPresent(CONVERTER, KafkaHeaderMapperWarmUp.class.getClassLoader())) {
			new MessagingMessageConverter();
		}
	}

}
