package io.github.entraauth.livy.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.entraauth.test.livy.LivyEmulator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Application contexts wired to a Livy emulator with fast polling and retries. */
final class LivyTestContexts {

	private LivyTestContexts() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				EntraLivyAutoConfiguration.class));
	}

	/** An application without Boot's HTTP client module (which the starter does not bring): Livy alone. */
	static ApplicationContextRunner runnerWithoutBootHttpClient() {
		return new ApplicationContextRunner()
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client"))
			.withConfiguration(AutoConfigurations.of(EntraLivyAutoConfiguration.class));
	}

	/** An application with Boot's HTTP client module but not its auto-configuration: no HttpClientSettings bean. */
	static ApplicationContextRunner runnerWithoutBootHttpClientSettings() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EntraLivyAutoConfiguration.class));
	}

	/** Properties for an emulator without authentication, polling in milliseconds and no keeper. */
	static String[] fastProperties(LivyEmulator emulator, String... extra) {
		List<String> properties = new ArrayList<>(List.of("entra.livy.base-url=" + emulator.baseUrl(),
				"entra.livy.dialect=" + emulator.dialect().name().toLowerCase(), "entra.livy.auth=none",
				"entra.livy.poll.initial-interval=2ms", "entra.livy.poll.max-interval=20ms",
				"entra.livy.poll.session-start-timeout=5s", "entra.livy.poll.statement-timeout=5s",
				"entra.livy.retry.initial-backoff=10ms", "entra.livy.retry.max-backoff=50ms",
				"entra.livy.retry.capacity-backoff=50ms", "entra.livy.retry.not-found-window=2s",
				"entra.livy.session.keep-alive-interval=0", "entra.livy.session.idle-timeout=0",
				"entra.livy.session.name-prefix=test-"));
		properties.addAll(List.of(extra));
		return properties.toArray(String[]::new);
	}

}
