package io.github.entraauth.credential;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The azure class warm-up listens for the application being ready, and every class it names still exists (a renamed
 * one would silently stop warming its jar).
 */
class AzureClassesWarmUpTests {

	@Test
	void isAReadyListenerOfTheCredentialAutoConfiguration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(AzureClassesWarmUp.class));
		assertThat(ResolvableType.forClass(AzureClassesWarmUp.class).as(ApplicationListener.class).getGeneric().resolve())
			.isEqualTo(ApplicationReadyEvent.class);
	}

	@Test
	void everyClassItWarmsExists() {
		assertThat(AzureClassesWarmUp.CLASSES).allSatisfy((name) -> assertThatNoException()
			.isThrownBy(() -> Class.forName(name, false, getClass().getClassLoader())));
		assertThatNoException().isThrownBy(AzureClassesWarmUp::load);
	}

}
