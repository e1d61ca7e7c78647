package io.github.entraauth.livy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds a {@link LivyService}. Only the base URL is required; everything else has a default. Every
 * argument is checked here, with an {@link IllegalArgumentException} whose message starts with the
 * argument's name.
 * <pre>{@code
 * LivyService livy = LivyService.builder("https://api.fabric.microsoft.com/v1/workspaces/…/livyapi/versions/2023-12-01")
 *     .credentials(LivyCredentials.bearer(tokens))
 *     .build();
 * }</pre>
 */
public final class LivyServiceBuilder {

	private final String baseUrl;

	private @Nullable LivyDialect dialect;

	private LivyCredentials credentials = LivyCredentials.none();

	private boolean allowInsecureHttp;

	private Duration requestTimeout = Duration.ofSeconds(30);

	private long maxResponseBytes = 32L * 1024 * 1024;

	private String requestedBy = "entra-auth";

	private @Nullable String apacheVersion;

	private int sqlRowCap = 1000;

	private LivyRetryPolicy retry = LivyRetryPolicy.defaults();

	private LivyPollPolicy poll = LivyPollPolicy.defaults();

	private SessionDefaults sessions = SessionDefaults.defaults();

	private SessionActivity activity = SessionActivity.local();

	private RestClient.@Nullable Builder restClient;

	private @Nullable HttpClient httpClient;

	private LivyListener listener = new LivyListener() {
	};

	private Clock clock = Clock.systemUTC();

	LivyServiceBuilder(String baseUrl) {
		this.baseUrl = Arguments.notNull("baseUrl", baseUrl);
	}

	/**
	 * The REST dialect; by default {@code FABRIC} when the base URL contains {@code /livyapi/}, else
	 * {@code APACHE}.
	 * @param dialect the dialect
	 * @return this builder
	 */
	public LivyServiceBuilder dialect(LivyDialect dialect) {
		this.dialect = Arguments.notNull("dialect", dialect);
		return this;
	}

	/**
	 * How requests are authenticated; none by default.
	 * @param credentials the credentials
	 * @return this builder
	 */
	public LivyServiceBuilder credentials(LivyCredentials credentials) {
		this.credentials = Arguments.notNull("credentials", credentials);
		return this;
	}

	/**
	 * Whether a credential may be sent over plain http to a host other than loopback; {@code false} by
	 * default.
	 * @param allowInsecureHttp whether to allow it
	 * @return this builder
	 */
	public LivyServiceBuilder allowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
		return this;
	}

	/**
	 * The longest a request may take to answer, and to connect with the built-in HTTP client (30s by
	 * default); a client of {@link #httpClient} brings its own connect timeout.
	 * @param requestTimeout the timeout
	 * @return this builder
	 */
	public LivyServiceBuilder requestTimeout(Duration requestTimeout) {
		Arguments.positive("requestTimeout", requestTimeout);
		this.requestTimeout = requestTimeout;
		return this;
	}

	/**
	 * The largest response body read (32 MB by default); a larger answer fails with a
	 * {@link LivyException} instead of filling the heap.
	 * @param maxResponseBytes the limit in bytes
	 * @return this builder
	 */
	public LivyServiceBuilder maxResponseBytes(long maxResponseBytes) {
		if (maxResponseBytes < 1) {
			throw new IllegalArgumentException("maxResponseBytes must be at least 1, but was " + maxResponseBytes);
		}
		this.maxResponseBytes = maxResponseBytes;
		return this;
	}

	/**
	 * The {@code X-Requested-By} header sent to Apache Livy for its CSRF protection.
	 * @param requestedBy the header value
	 * @return this builder
	 */
	public LivyServiceBuilder requestedBy(String requestedBy) {
		this.requestedBy = Arguments.notNull("requestedBy", requestedBy);
		return this;
	}

	/**
	 * The Apache Livy version (for example {@code 0.8}) that decides which request fields are sent; by
	 * default the service asks {@code GET /version} once.
	 * @param apacheVersion the version, or {@code null} to ask the server
	 * @return this builder
	 */
	public LivyServiceBuilder apacheVersion(@Nullable String apacheVersion) {
		this.apacheVersion = apacheVersion;
		return this;
	}

	/**
	 * The row cap of SQL results on the server ({@code livy.rsc.sql.num-rows}, 1000 by default); a result
	 * this long is reported as truncated.
	 * @param sqlRowCap the cap, or 0 for none
	 * @return this builder
	 */
	public LivyServiceBuilder sqlRowCap(int sqlRowCap) {
		if (sqlRowCap < 0) {
			throw new IllegalArgumentException("sqlRowCap must not be negative, but was " + sqlRowCap);
		}
		this.sqlRowCap = sqlRowCap;
		return this;
	}

	/**
	 * How throttled and failed requests are retried.
	 * @param retry the policy
	 * @return this builder
	 */
	public LivyServiceBuilder retry(LivyRetryPolicy retry) {
		this.retry = Arguments.notNull("retry", retry);
		return this;
	}

	/**
	 * How sessions, statements and batches are polled.
	 * @param poll the policy
	 * @return this builder
	 */
	public LivyServiceBuilder poll(LivyPollPolicy poll) {
		this.poll = Arguments.notNull("poll", poll);
		return this;
	}

	/**
	 * Defaults for new sessions and how open sessions are kept alive and reaped.
	 * @param sessions the defaults
	 * @return this builder
	 */
	public LivyServiceBuilder sessionDefaults(SessionDefaults sessions) {
		this.sessions = Arguments.notNull("sessions", sessions);
		return this;
	}

	/**
	 * Where session use is recorded; a shared record lets several instances of an application keep alive, reap
	 * and close sessions together (see {@link SessionActivity}). The default sees this instance only.
	 * @param activity the record
	 * @return this builder
	 */
	public LivyServiceBuilder sessionActivity(SessionActivity activity) {
		this.activity = Arguments.notNull("activity", activity);
		return this;
	}

	/**
	 * A {@link RestClient.Builder} to start from, for example one with observation or interceptors; the
	 * service sets its own request factory on a copy of it (see {@link #httpClient}).
	 * @param restClient the builder
	 * @return this builder
	 */
	public LivyServiceBuilder restClient(RestClient.Builder restClient) {
		this.restClient = Arguments.notNull("restClient", restClient);
		return this;
	}

	/**
	 * The JDK HTTP client to send requests with (for its SSL context, proxy or executor), instead of one with
	 * the request timeout. It must not follow redirects: Livy requests carry credentials, and the JDK client
	 * re-sends them to wherever a redirect points. Only a JDK client is taken because its redirect policy can
	 * be checked here.
	 * @param httpClient the client, built with {@code HttpClient.Redirect.NEVER}
	 * @return this builder
	 * @throws IllegalArgumentException if the client follows redirects
	 */
	public LivyServiceBuilder httpClient(HttpClient httpClient) {
		Arguments.notNull("httpClient", httpClient);
		if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
			throw new IllegalArgumentException("httpClient follows redirects (" + httpClient.followRedirects()
					+ "); Livy requests carry credentials and are never redirected: build it with "
					+ "HttpClient.Redirect.NEVER");
		}
		this.httpClient = httpClient;
		return this;
	}

	/**
	 * Told about retries and finished statements, for metrics.
	 * @param listener the listener
	 * @return this builder
	 */
	public LivyServiceBuilder listener(LivyListener listener) {
		this.listener = Arguments.notNull("listener", listener);
		return this;
	}

	LivyServiceBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * Builds the service and starts its keep-alive and reaper thread; close the service when done.
	 * @return the service
	 * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL, or a credential
	 * would travel over plain http to another host without {@link #allowInsecureHttp(boolean)}
	 */
	public LivyService build() {
		Transport transport = Transport.of(this.baseUrl, this.allowInsecureHttp);
		transport.requireSafeFor(this.credentials);
		LivyDialect resolvedDialect = (this.dialect != null) ? this.dialect : dialectOf(this.baseUrl);
		JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		RestClient.Builder builder = (this.restClient != null) ? this.restClient.clone() : RestClient.builder();
		RestClient rest = builder.requestFactory(requestFactory()).build();
		LivyClient client = new LivyClient(rest, this.baseUrl, resolvedDialect, this.credentials, this.retry,
				this.requestedBy, json, this.clock, this.listener, this.maxResponseBytes);
		Settings settings = new Settings(transport, this.apacheVersion, this.sqlRowCap, this.poll, this.sessions,
				this.activity);
		return new LivyService(settings, client, new LivyProtocol(resolvedDialect, json), this.clock);
	}

	/**
	 * The dialect a base URL implies: Fabric's Livy API paths contain {@code /livyapi/}.
	 * @param baseUrl the base URL
	 * @return the dialect
	 */
	public static LivyDialect dialectOf(String baseUrl) {
		return baseUrl.toLowerCase(Locale.ROOT).contains("/livyapi/") ? LivyDialect.FABRIC : LivyDialect.APACHE;
	}

	/**
	 * Refuses a credential over plain http to anything but this machine, the check {@link #build()} makes,
	 * for callers that must know before they create the credential.
	 * @param baseUrl the base URL
	 * @param sendsCredential whether requests will carry a token or password
	 * @param allowInsecureHttp whether plain http to another host is allowed anyway
	 * @throws IllegalArgumentException naming {@code baseUrl} if the URL is invalid or unsafe
	 */
	public static void requireSafeTransport(String baseUrl, boolean sendsCredential, boolean allowInsecureHttp) {
		Transport.of(baseUrl, allowInsecureHttp).requireSafe(sendsCredential);
	}

	/** Always the library's own factory, so no builder or Boot setting can make it follow redirects. */
	private ClientHttpRequestFactory requestFactory() {
		HttpClient client = (this.httpClient != null) ? this.httpClient
				: HttpClient.newBuilder()
					.connectTimeout(this.requestTimeout)
					.followRedirects(HttpClient.Redirect.NEVER)
					.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(this.requestTimeout);
		return factory;
	}

	/** What the service and its views keep from the builder. */
	record Settings(Transport transport, @Nullable String apacheVersion, int sqlRowCap, LivyPollPolicy poll,
			SessionDefaults sessions, SessionActivity activity) {
	}

	/**
	 * The base URL and whether credentials may cross plain http: the one place that refuses to send a
	 * token or password in clear text to anything but this machine.
	 */
	record Transport(URI uri, boolean allowInsecureHttp) {

		static Transport of(String baseUrl, boolean allowInsecureHttp) {
			URI uri;
			try {
				uri = URI.create(baseUrl);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("baseUrl is not a valid URL: " + ex.getMessage());
			}
			String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw new IllegalArgumentException("baseUrl must be an absolute http or https URL");
			}
			return new Transport(uri, allowInsecureHttp);
		}

		void requireSafeFor(LivyCredentials credentials) {
			requireSafe(credentials.sendsCredential());
		}

		void requireSafe(boolean sendsCredential) {
			if (sendsCredential && "http".equalsIgnoreCase(this.uri.getScheme())
					&& !isLoopback(this.uri.getHost()) && !this.allowInsecureHttp) {
				throw new IllegalArgumentException("baseUrl would send credentials over plain http to "
						+ this.uri.getHost() + "; use https, or allowInsecureHttp if the network is trusted");
			}
		}

		private static boolean isLoopback(String host) {
			String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
			if (bare.equalsIgnoreCase("localhost")) {
				return true;
			}
			if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
				return false;
			}
			try {
				return InetAddress.getByName(bare).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}

	}

}
