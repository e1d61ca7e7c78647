package io.github.entraauth.token;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens nothing asks for during the start are fetched once the application is ready, not during its start.
 */
class TokenManagersDeferredFetchTests {

	private static final String SCOPE = "api://deferred/.default";

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicBoolean applicationStarted = new AtomicBoolean();

	private final List<Boolean> startedAtRequest = new CopyOnWriteArrayList<>();

	private final TokenCredential credential = (request) -> {
		this.startedAtRequest.add(this.applicationStarted.get());
		this.requests.add(String.join(" ", request.getScopes()));
		return Mono.just(new AccessToken("token-" + this.requests.size(), OffsetDateTime.now().plusHours(1)));
	};

	@Test
	void aManagerCreatedWhileDeferredFetchesOnlyWhenReleasedOrAskedAndOnlyOnce() {
		try (TokenManagers managers = new TokenManagers(new RefreshSettings(Duration.ofMinutes(5),
				Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10)))) {
			managers.deferFirstFetches();
			TokenManager waiting = managers.forIdentity(new EntraIdentity(this.credential, "test"), SCOPE);
			TokenManager asked = managers.forIdentity(
					new EntraIdentity(this.credential, "test"),
					"api://asked/.default");
			assertThat(asked.token().getToken()).isEqualTo("token-1");
			assertThat(this.requests).containsExactly("api://asked/.default");

			managers.startDeferredFetches();

			await().atMost(Duration.ofSeconds(10)).until(() -> waiting.status().expiresAt() != null);
			assertThat(this.requests).containsExactlyInAnyOrder("api://asked/.default", SCOPE);
			TokenManager later = managers.forIdentity(
					new EntraIdentity(this.credential, "test"),
					"api://later/.default");
			await().atMost(Duration.ofSeconds(10)).until(() -> later.status().expiresAt() != null);
			assertThat(this.requests).hasSize(3);
		}
	}

	@Test
	void aContextThatIsNeverReadyFetchesNothingNobodyAskedFor() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class))
			.withBean(TokenCredential.class, () -> this.credential)
			.run((context) -> {
				context.getBean(TokenManagers.class).forIdentity(new EntraIdentity(this.credential, "test"), SCOPE);
				assertThat(this.requests).isEmpty();
			});
	}

	@Test
	void onceTheApplicationIsReadyEveryManagerFetchesInTheBackground() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TokenApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((GenericApplicationContext application) -> {
				application.registerBean(TokenCredential.class, () -> this.credential);
				application.registerBean("createsAManagerAtStart", Object.class,
						() -> application.getBean(TokenManagers.class).forIdentity(
								new EntraIdentity(this.credential, "test"),
								SCOPE));
				application.addApplicationListener((ApplicationStartedEvent event) -> this.applicationStarted.set(true));
			})
			.run("--spring.main.banner-mode=off")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.requests.isEmpty());
			assertThat(this.requests).containsExactly(SCOPE);
			assertThat(this.startedAtRequest).as("the application had started when the token was requested")
				.containsExactly(true);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class })
	static class TokenApplication {

	}

}
