package io.github.entraauth.livy.autoconfigure;

import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivyServiceBuilder;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.restclient.RestClientCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration builds on Boot's {@code RestClient.Builder} and steps back for the
 * application's own {@link LivyService}.
 */
class EntraLivyAutoConfigurationTests {

	@Test
	void appliesTheApplicationsRestClientCustomizers() {
		AtomicInteger intercepted = new AtomicInteger();
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator))
				.withBean(RestClientCustomizer.class, () -> (builder) -> builder.requestInterceptor((request, body, execution) -> {
					intercepted.incrementAndGet();
					return execution.execute(request, body);
				}))
				.run((context) -> {
					context.getBean(LivyService.class).listSessions();
					assertThat(intercepted).hasValue(1);
					assertThat(emulator.requests()).hasSize(1);
				});
		}
	}

	@Test
	void worksWithoutBootsHttpClientModule() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestContexts.runnerWithoutBootHttpClient()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator))
				.run((context) -> {
					assertThat(context).hasSingleBean(LivyService.class);
					assertThat(context.getBean(LivyService.class).listSessions()).isEmpty();
					assertThat(emulator.requests()).hasSize(1);
				});
		}
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnLivyService() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestContexts.runner()
				.withPropertyValues(LivyTestContexts.fastProperties(emulator))
				.withBean("myLivy", LivyService.class, () -> LivyService.builder(emulator.baseUrl()).build())
				.run((context) -> assertThat(context).hasSingleBean(LivyService.class).hasBean("myLivy"));
		}
	}

	@Test
	void detectsTheDialectFromTheUrlAndDefaultsAuthenticationPerDialect() {
		EntraLivyProperties fabric = new EntraLivyProperties();
		fabric.setBaseUrl("https://api.fabric.microsoft.com/v1/workspaces/w/lakehouses/l/livyApi/versions/2023-12-01");
		assertThat(LivyServiceBuilder.dialectOf(fabric.getBaseUrl())).isEqualTo(LivyDialect.FABRIC);
		assertThat(EntraLivyAutoConfiguration.authentication(fabric, LivyDialect.FABRIC))
			.isEqualTo(LivyAuthentication.ENTRA);
		EntraLivyProperties apache = new EntraLivyProperties();
		apache.setBaseUrl("http://livy.internal:8998");
		assertThat(LivyServiceBuilder.dialectOf(apache.getBaseUrl())).isEqualTo(LivyDialect.APACHE);
		assertThat(EntraLivyAutoConfiguration.authentication(apache, LivyDialect.APACHE))
			.isEqualTo(LivyAuthentication.NONE);
	}

}
