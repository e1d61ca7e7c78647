package io.github.entraauth.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Entra ID tokens are refreshed (entra.token.*).
 */
@ConfigurationProperties("entra.token")
public class EntraTokenProperties {

	/**
	 * How long before expiry a token is replaced at the latest. Tokens are replaced once half of
	 * their lifetime has passed, or this long before expiry if that is earlier; Azure Redis asks for
	 * at least 3 minutes.
	 */
	private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

	/**
	 * The longest a single token request to Entra ID may take before it counts as failed; at least 100ms.
	 */
	private Duration fetchTimeout = Duration.ofSeconds(10);

	/**
	 * The first wait after a failed token request; it doubles on every further failure.
	 */
	private Duration retryInitialBackoff = Duration.ofSeconds(1);

	/**
	 * The longest wait between retries of failed token requests. Retries never stop while the
	 * application runs.
	 */
	private Duration retryMaxBackoff = Duration.ofSeconds(60);

	public Duration getRefreshBeforeExpiry() {
		return this.refreshBeforeExpiry;
	}

	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

	public Duration getFetchTimeout() {
		return this.fetchTimeout;
	}

	public void setFetchTimeout(Duration fetchTimeout) {
		this.fetchTimeout = fetchTimeout;
	}

	public Duration getRetryInitialBackoff() {
		return this.retryInitialBackoff;
	}

	public void setRetryInitialBackoff(Duration retryInitialBackoff) {
		this.retryInitialBackoff = retryInitialBackoff;
	}

	public Duration getRetryMaxBackoff() {
		return this.retryMaxBackoff;
	}

	public void setRetryMaxBackoff(Duration retryMaxBackoff) {
		this.retryMaxBackoff = retryMaxBackoff;
	}

}
