package io.github.entraauth.startup;

import java.lang.reflect.Constructor;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

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
