package io.github.entraauth.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Boot runs the azure class warm-up on its background pre-initialization thread, and every class it names still
 * exists (a renamed one would silently stop warming its jar).
 */
class AzureClassesPreinitializerTests {

	@Test
	void isRegisteredWithBootsBackgroundPreinitialization() {
		assertThat(SpringFactoriesLoader.loadFactories(BackgroundPreinitializer.class, getClass().getClassLoader()))
			.hasAtLeastOneElementOfType(AzureClassesPreinitializer.class);
	}

	@Test
	void everyClassItWarmsExists() {
		assertThat(AzureClassesPreinitializer.CLASSES).allSatisfy((name) -> assertThatNoException()
			.isThrownBy(() -> Class.forName(name, false, getClass().getClassLoader())));
		assertThatNoException().isThrownBy(() -> new AzureClassesPreinitializer().preinitialize());
	}

}
