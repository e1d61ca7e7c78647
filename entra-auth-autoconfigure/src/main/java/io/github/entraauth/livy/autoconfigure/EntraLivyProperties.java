package io.github.entraauth.livy.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.entraauth.credential.CredentialProperties;
import io.github.entraauth.livy.LivyDialect;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Livy settings (entra.livy.*): endpoint, dialect, authentication, session defaults,
 * polling and retries.
 */
@ConfigurationProperties("entra.livy")
public class EntraLivyProperties {

	/** The property whose presence turns Livy on. */
	static final String BASE_URL = "entra.livy.base-url";

	/**
	 * The Livy endpoint: http://host:8998 for Apache Livy, or https://api.fabric.microsoft.com/v1/workspaces/WORKSPACE/lakehouses/LAKEHOUSE/livyapi/versions/2023-12-01 for Fabric.
	 */
	private @Nullable String baseUrl;

	/**
	 * The REST dialect; unset means fabric when the base URL contains /livyapi/, else apache.
	 */
	private @Nullable LivyDialect dialect;

	/**
	 * How requests are authenticated; unset means entra for Fabric and none for Apache Livy.
	 */
	private @Nullable LivyAuthentication auth;

	/**
	 * The Entra ID scope of the bearer token when auth is entra.
	 */
	private String scope = "https://api.fabric.microsoft.com/.default";

	/**
	 * The Apache Livy version (for example 0.8) that decides which request fields are sent; unset means ask GET /version once.
	 */
	private @Nullable String apacheVersion;

	/**
	 * The longest a single HTTP request may take to answer.
	 */
	private Duration requestTimeout = Duration.ofSeconds(30);

	/**
	 * The largest Livy response body read; a larger answer fails with a LivyException instead of filling the heap.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(32);

	/**
	 * Whether a bearer token or Basic password may be sent over plain http to a host other than loopback.
	 */
	private boolean allowInsecureHttp = false;

	/**
	 * The X-Requested-By header sent to Apache Livy for its CSRF protection.
	 */
	private String requestedBy = "entra-auth";

	/**
	 * The row cap of SQL results on the server (livy.rsc.sql.num-rows); a result this long is reported as truncated.
	 */
	private int sqlRowCap = 1000;

	/**
	 * HTTP Basic credentials, used when auth is basic.
	 */
	private final Basic basic = new Basic();

	/**
	 * Defaults for new interactive sessions.
	 */
	@NestedConfigurationProperty
	private final LivySessionProperties session = new LivySessionProperties();

	/**
	 * How sessions, statements and batches are polled.
	 */
	private final Poll poll = new Poll();

	/**
	 * How throttled and failed requests are retried.
	 */
	private final Retry retry = new Retry();

	/**
	 * An Entra ID identity for Livy only; each unset key falls back to entra.credential.*.
	 */
	@NestedConfigurationProperty
	private final CredentialProperties credential = new CredentialProperties();

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable LivyDialect getDialect() {
		return this.dialect;
	}

	public void setDialect(@Nullable LivyDialect dialect) {
		this.dialect = dialect;
	}

	public @Nullable LivyAuthentication getAuth() {
		return this.auth;
	}

	public void setAuth(@Nullable LivyAuthentication auth) {
		this.auth = auth;
	}

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public @Nullable String getApacheVersion() {
		return this.apacheVersion;
	}

	public void setApacheVersion(@Nullable String apacheVersion) {
		this.apacheVersion = apacheVersion;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public String getRequestedBy() {
		return this.requestedBy;
	}

	public void setRequestedBy(String requestedBy) {
		this.requestedBy = requestedBy;
	}

	public int getSqlRowCap() {
		return this.sqlRowCap;
	}

	public void setSqlRowCap(int sqlRowCap) {
		this.sqlRowCap = sqlRowCap;
	}

	public Basic getBasic() {
		return this.basic;
	}

	public LivySessionProperties getSession() {
		return this.session;
	}

	public Poll getPoll() {
		return this.poll;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public CredentialProperties getCredential() {
		return this.credential;
	}

	/**
	 * HTTP Basic credentials (entra.livy.basic.*).
	 */
	public static class Basic {

		/**
		 * The Basic user name.
		 */
		private @Nullable String username;

		/**
		 * The Basic password.
		 */
		private @Nullable String password;

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * Polling (entra.livy.poll.*).
	 */
	public static class Poll {

		/**
		 * The first wait between polls; it doubles up to max-interval.
		 */
		private Duration initialInterval = Duration.ofMillis(50);

		/**
		 * The longest wait between polls.
		 */
		private Duration maxInterval = Duration.ofSeconds(2);

		/**
		 * How long a new session may take to become idle.
		 */
		private Duration sessionStartTimeout = Duration.ofMinutes(10);

		/**
		 * How long a statement may take to finish.
		 */
		private Duration statementTimeout = Duration.ofMinutes(30);

		/**
		 * How long a batch may take to finish when awaited.
		 */
		private Duration batchTimeout = Duration.ofHours(2);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getSessionStartTimeout() {
			return this.sessionStartTimeout;
		}

		public void setSessionStartTimeout(Duration sessionStartTimeout) {
			this.sessionStartTimeout = sessionStartTimeout;
		}

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

		public Duration getBatchTimeout() {
			return this.batchTimeout;
		}

		public void setBatchTimeout(Duration batchTimeout) {
			this.batchTimeout = batchTimeout;
		}

	}

	/**
	 * Retries (entra.livy.retry.*).
	 */
	public static class Retry {

		/**
		 * The most attempts of a request that is throttled (429) or fails transiently (5xx or I/O on idempotent calls).
		 */
		private int maxAttempts = 5;

		/**
		 * The first wait before a retry without a server hint; it doubles on every further retry.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * The longest computed wait between retries.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * The longest wait a server may ask for (Retry-After or the body's until:) on any throttled (429) or capacity (430) answer, keep-alive and delete included; longer asks fail at once.
		 */
		private Duration maxRetryAfter = Duration.ofMinutes(5);

		/**
		 * The most attempts of a request rejected with 430 (capacity exhausted) before a LivyCapacityException.
		 */
		private int capacityMaxAttempts = 3;

		/**
		 * The first wait after a 430 (capacity exhausted); it doubles on every further 430.
		 */
		private Duration capacityBackoff = Duration.ofSeconds(30);

		/**
		 * How long after a create or submit a 404 for the new resource is treated as transient and retried.
		 */
		private Duration notFoundWindow = Duration.ofSeconds(30);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public int getCapacityMaxAttempts() {
			return this.capacityMaxAttempts;
		}

		public void setCapacityMaxAttempts(int capacityMaxAttempts) {
			this.capacityMaxAttempts = capacityMaxAttempts;
		}

		public Duration getCapacityBackoff() {
			return this.capacityBackoff;
		}

		public void setCapacityBackoff(Duration capacityBackoff) {
			this.capacityBackoff = capacityBackoff;
		}

		public Duration getNotFoundWindow() {
			return this.notFoundWindow;
		}

		public void setNotFoundWindow(Duration notFoundWindow) {
			this.notFoundWindow = notFoundWindow;
		}

	}

}
