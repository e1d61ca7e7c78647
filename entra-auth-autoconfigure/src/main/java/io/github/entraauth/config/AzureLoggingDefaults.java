package io.github.entraauth.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds, at the lowest precedence, one logging default: azure-core's JDK HTTP client logs a WARN on every token
 * request because MSAL sets {@code Content-Length}, a header the JDK client computes itself and ignores. The
 * application's own {@code logging.level.*} still wins.
 */
public final class AzureLoggingDefaults implements EnvironmentPostProcessor {

	static final String JDK_HTTP_CLIENT_LEVEL = "logging.level.com.azure.core.http.jdk.httpclient.JdkHttpClient";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("entraLoggingDefaults", Map.of(JDK_HTTP_CLIENT_LEVEL, "error")));
	}

}
