package io.github.entraauth.token;

import java.time.Duration;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Provides the {@link TokenManagers} every integration takes its tokens from.
 */
@AutoConfiguration(after = EntraCredentialAutoConfiguration.class)
// the class file, not the class: loading it would make the JDK verify the signed azure-core jar during the start
@ConditionalOnResource(resources = "classpath:com/azure/core/credential/TokenCredential.class")
@EnableConfigurationProperties(EntraTokenProperties.class)
public final class EntraTokenAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	TokenManagers entraTokenManagers(EntraTokenProperties properties) {
		TokenManagers managers = new TokenManagers(refreshSettings(properties));
		managers.deferFirstFetches();
		return managers;
	}

	/** Tokens nobody asked for during the start are fetched once the application is ready, not during its start. */
	@Bean
	ApplicationListener<ApplicationReadyEvent> entraTokenFirstFetches(TokenManagers managers) {
		return (event) -> managers.startDeferredFetches();
	}

	private static final Duration MIN_FETCH_TIMEOUT = Duration.ofMillis(100);

	static RefreshSettings refreshSettings(EntraTokenProperties properties) {
		if (properties.getRefreshBeforeExpiry().isNegative()) {
			throw invalid("refresh-before-expiry", "must not be negative", "a duration such as 5m");
		}
		if (properties.getFetchTimeout().compareTo(MIN_FETCH_TIMEOUT) < 0) {
			throw invalid("fetch-timeout", "must be at least 100ms: no token request completes sooner",
					"a duration such as 10s");
		}
		if (properties.getRetryInitialBackoff().isNegative() || properties.getRetryInitialBackoff().isZero()) {
			throw invalid("retry-initial-backoff", "must be positive", "a duration such as 1s");
		}
		if (properties.getRetryMaxBackoff().compareTo(properties.getRetryInitialBackoff()) < 0) {
			throw invalid("retry-max-backoff", "must not be shorter than entra.token.retry-initial-backoff",
					"a duration at least as long as entra.token.retry-initial-backoff, such as 60s");
		}
		return new RefreshSettings(properties.getRefreshBeforeExpiry(), properties.getFetchTimeout(),
				properties.getRetryInitialBackoff(), properties.getRetryMaxBackoff());
	}

	private static EntraConfigurationException invalid(String key, String problem, String example) {
		return new EntraConfigurationException("entra.token." + key, problem,
				"Set entra.token." + key + " to " + example + ".");
	}

}
