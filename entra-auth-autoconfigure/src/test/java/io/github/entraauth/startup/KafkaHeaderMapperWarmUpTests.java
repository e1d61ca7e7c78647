package io.github.entraauth.startup;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.JsonKafkaHeaderMapper;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka header mapper warm-up is one of Boot's background pre-initializers and loads what a {@code KafkaTemplate}
 * built later needs: spring-kafka's Jackson header mapper, chosen because the starter brings Jackson.
 */
class KafkaHeaderMapperWarmUpTests {

	private static final String WARM_UP = "io.github.entraauth.kafka.KafkaHeaderMapperWarmUp";

	@Test
	void isRegisteredAsABackgroundPreinitializer() {
		List<BackgroundPreinitializer> preinitializers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(BackgroundPreinitializer.class);
		assertThat(preinitializers).extracting((preinitializer) -> preinitializer.getClass().getName())
			.contains(WARM_UP);
	}

	@Test
	void aKafkaTemplateOfTheStartersClasspathBuildsTheJacksonHeaderMapper() {
		KafkaTemplate<String, String> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of()));
		assertThat(ReflectionTestUtils.getField(template.getMessageConverter(), "headerMapper"))
			.isInstanceOf(JsonKafkaHeaderMapper.class);
	}

	@Test
	void loadsTheHeaderMapperAKafkaTemplateBuilds() throws Exception {
		try (StartWithoutAzureClassesTests.RecordingClassLoader loader = new StartWithoutAzureClassesTests.RecordingClassLoader()) {
			assertThat(loader.get()).doesNotContain("org.springframework.kafka.support.JsonKafkaHeaderMapper");
			Constructor<?> constructor = loader.loadClass(WARM_UP).getDeclaredConstructor();
			constructor.setAccessible(true);
			Object warmUp = constructor.newInstance();
			loader.loadClass(BackgroundPreinitializer.class.getName()).getMethod("preinitialize").invoke(warmUp);
			assertThat(loader.get()).contains("org.springframework.kafka.support.JsonKafkaHeaderMapper",
					"org.springframework.kafka.support.JacksonMapperUtils", "tools.jackson.databind.json.JsonMapper");
		}
	}

}
