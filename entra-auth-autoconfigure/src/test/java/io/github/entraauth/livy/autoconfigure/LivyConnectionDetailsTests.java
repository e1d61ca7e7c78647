package io.github.entraauth.livy.autoconfigure;

import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link LivyConnectionDetails} bean switches Livy on without {@code entra.livy.base-url} and gives the endpoint
 * and dialect; {@code entra.livy.enabled=false} still switches it off.
 */
class LivyConnectionDetailsTests {

	@Test
	void connectionDetailsReplaceTheBaseUrlAndDialect() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyConnectionDetails details = new LivyConnectionDetails() {

				@Override
				public String getBaseUrl() {
					return emulator.baseUrl();
				}

				@Override
				public LivyDialect getDialect() {
					return LivyDialect.APACHE;
				}

			};
			LivyTestContexts.runner()
				.withPropertyValues("entra.livy.auth=none", "entra.livy.dialect=fabric",
						"entra.livy.session.keep-alive-interval=0")
				.withBean(LivyConnectionDetails.class, () -> details)
				.run((context) -> {
					assertThat(context).hasSingleBean(LivyService.class);
					context.getBean(LivyService.class).listSessions();
					assertThat(emulator.requests("GET", "/sessions")).hasSize(1);
				});
		}
	}

	@Test
	void disabledLivyStaysOffWithConnectionDetails() {
		LivyConnectionDetails details = () -> "http://127.0.0.1:1";
		LivyTestContexts.runner()
			.withPropertyValues("entra.livy.enabled=false")
			.withBean(LivyConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LivyService.class));
	}

	@Test
	void withNeitherPropertyNorConnectionDetailsThereIsNoLivy() {
		LivyTestContexts.runner().run((context) -> assertThat(context).doesNotHaveBean(LivyService.class));
	}

}
