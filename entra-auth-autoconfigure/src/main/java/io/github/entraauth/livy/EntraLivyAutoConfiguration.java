package io.github.entraauth.livy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * Provides a {@link LivyService} when {@code entra.livy.base-url} is set, built on Spring Boot's
 * {@link RestClient.Builder} (when present) with {@code entra.livy.request-timeout} as the read
 * timeout, and authenticated per {@code entra.livy.auth}.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class,
		afterName = { "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "entra.livy.enabled", matchIfMissing = true)
@ConditionalOnProperty("entra.livy.base-url")
@EnableConfigurationProperties(EntraLivyProperties.class)
public final class EntraLivyAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LivyService livyService(EntraLivyProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<TokenManagers> tokenManagers,
			ObjectProvider<EntraIdentities> identities, ObjectProvider<LivyListener> listeners) {
		LivyDialect dialect = dialect(properties);
		LivyAuthentication auth = authentication(properties, dialect);
		requireSafeTransport(properties, auth == LivyAuthentication.ENTRA);
		validate(properties);
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withReadTimeout(properties.getRequestTimeout());
		if (settings.connectTimeout() == null) {
			settings = settings.withConnectTimeout(properties.getRequestTimeout());
		}
		RestClient rest = restClientBuilder.getIfAvailable(RestClient::builder)
			.requestFactory(requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect).build(settings))
			.build();
		JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		LivyClient client = new LivyClient(rest, properties.getBaseUrl(), dialect,
				authorizer(properties, auth, tokenManagers, identities), properties.getRetry(),
				properties.getRequestedBy(), json, Clock.systemUTC())
			.withListener(composite(listeners.orderedStream().toList()));
		return new LivyService(properties, client, new LivyProtocol(dialect, json), Clock.systemUTC());
	}

	private static LivyListener composite(List<LivyListener> listeners) {
		return new LivyListener() {

			@Override
			public void retrying(int status, Duration wait) {
				listeners.forEach((listener) -> listener.retrying(status, wait));
			}

			@Override
			public void statementFinished(String state, Duration elapsed) {
				listeners.forEach((listener) -> listener.statementFinished(state, elapsed));
			}

		};
	}

	static LivyDialect dialect(EntraLivyProperties properties) {
		if (properties.getDialect() != null) {
			return properties.getDialect();
		}
		String url = String.valueOf(properties.getBaseUrl()).toLowerCase(Locale.ROOT);
		return url.contains("/livyapi/") ? LivyDialect.FABRIC : LivyDialect.APACHE;
	}

	static LivyAuthentication authentication(EntraLivyProperties properties, LivyDialect dialect) {
		if (properties.getAuth() != null) {
			return properties.getAuth();
		}
		return (dialect == LivyDialect.FABRIC) ? LivyAuthentication.ENTRA : LivyAuthentication.NONE;
	}

	/** Refuses to send bearer tokens in clear text anywhere but to this machine. */
	static void requireSafeTransport(EntraLivyProperties properties, boolean sendsBearer) {
		URI uri;
		try {
			uri = URI.create(String.valueOf(properties.getBaseUrl()));
		}
		catch (IllegalArgumentException ex) {
			throw new EntraConfigurationException("entra.livy.base-url", "is not a valid URL",
					"Set entra.livy.base-url to the Livy endpoint, for example http://localhost:8998.");
		}
		String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new EntraConfigurationException("entra.livy.base-url", "must be an absolute http or https URL",
					"Set entra.livy.base-url to the Livy endpoint, for example https://api.fabric.microsoft.com/v1/"
							+ "workspaces/{ws}/lakehouses/{lh}/livyapi/versions/2023-12-01.");
		}
		if (sendsBearer && scheme.equals("http") && !isLoopback(uri.getHost()) && !properties.isAllowInsecureHttp()) {
			throw new EntraConfigurationException("entra.livy.base-url",
					"would send Entra ID bearer tokens over plain http to " + uri.getHost(),
					"Use an https URL, or set entra.livy.allow-insecure-http=true if the network is trusted.");
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

	private static void validate(EntraLivyProperties properties) {
		if (properties.getRetry().getMaxAttempts() < 1) {
			throw LivyService.invalid("retry.max-attempts", "must be at least 1", "Set it to 1 or more, such as 5.");
		}
		if (properties.getRetry().getCapacityMaxAttempts() < 1) {
			throw LivyService.invalid("retry.capacity-max-attempts", "must be at least 1",
					"Set it to 1 or more, such as 3.");
		}
		if (properties.getPoll().getInitialInterval().isNegative() || properties.getPoll().getInitialInterval().isZero()) {
			throw LivyService.invalid("poll.initial-interval", "must be positive", "Set it to a duration such as 50ms.");
		}
		if (properties.getPoll().getMaxInterval().compareTo(properties.getPoll().getInitialInterval()) < 0) {
			throw LivyService.invalid("poll.max-interval", "must not be shorter than entra.livy.poll.initial-interval",
					"Set it to a duration such as 2s.");
		}
		if (properties.getSession().getKeepAliveInterval().isNegative()
				|| properties.getSession().getIdleTimeout().isNegative()) {
			throw LivyService.invalid("session.keep-alive-interval", "and entra.livy.session.idle-timeout must not be negative",
					"Use 0 to disable them.");
		}
	}

	private static LivyClient.RequestAuthorizer authorizer(EntraLivyProperties properties, LivyAuthentication auth,
			ObjectProvider<TokenManagers> tokenManagers, ObjectProvider<EntraIdentities> identities) {
		return switch (auth) {
			case NONE -> (headers) -> {
			};
			case BASIC -> {
				String username = properties.getBasic().getUsername();
				String password = properties.getBasic().getPassword();
				if (username == null || username.isBlank() || password == null) {
					throw LivyService.invalid("basic.username", "and entra.livy.basic.password are required when "
							+ "entra.livy.auth=basic", "Set both, or choose another entra.livy.auth.");
				}
				yield (headers) -> headers.setBasicAuth(username, password);
			}
			case ENTRA -> {
				TokenManagers managers = tokenManagers.getIfAvailable();
				EntraIdentities ids = identities.getIfAvailable();
				if (managers == null || ids == null) {
					throw LivyService.invalid("auth", "is entra but no Entra ID credential is configured",
							"Configure entra.credential.* (or entra.livy.credential.*), or set entra.livy.auth to "
									+ "none or basic.");
				}
				EntraIdentity identity = ids.resolve(properties.getCredential(), "entra.livy.credential");
				TokenManager manager = managers.forCredential(identity.credential(), identity.description(),
						properties.getScope());
				yield new EntraAuthorizer(manager);
			}
		};
	}

	/** A bearer token read from the manager for every request (a cached read), refreshed once after a 401. */
	private record EntraAuthorizer(TokenManager manager) implements LivyClient.RequestAuthorizer {

		@Override
		public void authorize(HttpHeaders headers) {
			headers.setBearerAuth(this.manager.token().getToken());
		}

		@Override
		public boolean canRefresh() {
			return true;
		}

		@Override
		public void refresh() {
			this.manager.refresh();
		}

	}

}
