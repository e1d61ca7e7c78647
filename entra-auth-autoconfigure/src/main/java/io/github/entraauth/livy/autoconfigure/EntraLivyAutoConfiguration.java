package io.github.entraauth.livy.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.livy.LivyCredentials;
import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.LivyListener;
import io.github.entraauth.livy.LivyPollPolicy;
import io.github.entraauth.livy.LivyRetryPolicy;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivyServiceBuilder;
import io.github.entraauth.livy.SessionActivity;
import io.github.entraauth.livy.SessionDefaults;
import io.github.entraauth.livy.SparkResources;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Provides a {@link LivyService} when {@code entra.livy.base-url} is set (or a {@link LivyConnectionDetails}
 * bean gives the endpoint): the library's builder fed from
 * {@link EntraLivyProperties}, on Spring Boot's {@link RestClient.Builder} (when present) with
 * {@code entra.livy.request-timeout} as the read timeout, and authenticated per {@code entra.livy.auth}
 * (Entra ID tokens come from the application's {@link TokenManager}). Boot's HTTP client settings are used when the
 * application has Boot's HTTP client module; the starter does not bring it, because its auto-configurations cost
 * an application that does not use them about a quarter of a second of its start.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class,
		afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration" })
@ConditionalOnClass({ LivyService.class, RestClient.class, JsonMapper.class })
@ConditionalOnLivy
@EnableConfigurationProperties(EntraLivyProperties.class)
public final class EntraLivyAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LivyService livyService(EntraLivyProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<TokenManagers> tokenManagers,
			ObjectProvider<EntraIdentities> identities, ObjectProvider<LivyListener> listeners,
			Optional<SessionActivity> sessionActivity, Optional<LivyConnectionDetails> connectionDetails) {
		// an Optional too: the service closes (and deletes its sessions) before a local peer behind the details stops
		LivyConnectionDetails details = connectionDetails.orElse(null);
		String baseUrl = String.valueOf((details != null) ? details.getBaseUrl() : properties.getBaseUrl());
		LivyDialect dialect = (details != null && details.getDialect() != null) ? details.getDialect()
				: (properties.getDialect() != null) ? properties.getDialect() : LivyServiceBuilder.dialectOf(baseUrl);
		checkSettings(properties, baseUrl);
		LivyAuthentication auth = authentication(properties, dialect);
		// before the credential is resolved, so an unsafe URL is reported rather than a missing credential
		checked("", () -> {
			LivyServiceBuilder.requireSafeTransport(baseUrl, auth != LivyAuthentication.NONE,
					properties.isAllowInsecureHttp());
			return baseUrl;
		});
		LivyServiceBuilder builder = LivyService.builder(baseUrl)
			.dialect(dialect)
			.credentials(credentials(properties, auth, tokenManagers, identities))
			.restClient(restClientBuilder.getIfAvailable(RestClient::builder))
			.listener(composite(listeners.orderedStream().toList()));
		// without Boot's HTTP client module the library's own client (the request timeout to connect, no redirects)
		if (ClassUtils.isPresent(BootHttpClient.SETTINGS_CLASS, beanFactory.getBeanClassLoader())) {
			builder.httpClient(BootHttpClient.forLivy(beanFactory, properties.getRequestTimeout()));
		}
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::isAllowInsecureHttp).to(builder::allowInsecureHttp);
		map.from(properties::getRequestTimeout).to(builder::requestTimeout);
		map.from(properties::getMaxResponseSize).as((size) -> size.toBytes()).to(builder::maxResponseBytes);
		map.from(properties::getRequestedBy).to(builder::requestedBy);
		map.from(properties::getApacheVersion).to(builder::apacheVersion);
		map.from(properties::getSqlRowCap).to(builder::sqlRowCap);
		map.from(properties::getRetry).as(EntraLivyAutoConfiguration::retry).to(builder::retry);
		map.from(properties::getPoll).as(EntraLivyAutoConfiguration::poll).to(builder::poll);
		map.from(properties::getSession).as(EntraLivyAutoConfiguration::sessions).to(builder::sessionDefaults);
		// an Optional, not an ObjectProvider: it makes the service depend on the store, so it closes first
		sessionActivity.ifPresent(builder::sessionActivity);
		return checked("", builder::build);
	}

	/** What the library accepts but cannot work with: checked here so the start fails, not the first request. */
	private static void checkSettings(EntraLivyProperties properties, String baseUrl) {
		try {
			URI uri = new URI(baseUrl);
			if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw new EntraConfigurationException(EntraLivyProperties.BASE_URL,
						"'" + baseUrl + "' has a query or fragment, which every request path would be appended after",
						"Set entra.livy.base-url to the endpoint without ?query or #fragment.");
			}
		}
		catch (URISyntaxException ex) {
			throw new EntraConfigurationException(EntraLivyProperties.BASE_URL, "'" + baseUrl + "' is not a URL",
					"Set entra.livy.base-url to an https Livy endpoint.");
		}
		positive("entra.livy.request-timeout", properties.getRequestTimeout());
		EntraLivyProperties.Retry retry = properties.getRetry();
		notNegative("entra.livy.retry.initial-backoff", retry.getInitialBackoff());
		notNegative("entra.livy.retry.max-backoff", retry.getMaxBackoff());
		notNegative("entra.livy.retry.capacity-backoff", retry.getCapacityBackoff());
	}

	private static void positive(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new EntraConfigurationException(property, "must be longer than zero",
					"Set " + property + " to a positive duration such as 30s.");
		}
	}

	private static void notNegative(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new EntraConfigurationException(property, "must not be negative",
					"Set " + property + " to zero or a positive duration such as 1s.");
		}
	}

	private static LivyRetryPolicy retry(EntraLivyProperties.Retry retry) {
		return checked("retry.", () -> new LivyRetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(),
				retry.getMaxBackoff(), retry.getMaxRetryAfter(), retry.getCapacityMaxAttempts(),
				retry.getCapacityBackoff(), retry.getNotFoundWindow()));
	}

	private static LivyPollPolicy poll(EntraLivyProperties.Poll poll) {
		return checked("poll.", () -> new LivyPollPolicy(poll.getInitialInterval(), poll.getMaxInterval(),
				poll.getSessionStartTimeout(), poll.getStatementTimeout(), poll.getBatchTimeout()));
	}

	private static SessionDefaults sessions(LivySessionProperties session) {
		return checked("session.", () -> new SessionDefaults(session.getNamePrefix(), session.getKind(),
				new SparkResources(session.getDriverMemory(), session.getDriverCores(), session.getExecutorMemory(),
						session.getExecutorCores(), session.getNumExecutors(), session.getJars(),
						session.getPyFiles(), session.getFiles(), session.getArchives(), session.getSparkConf(),
						session.getQueue()),
				session.getTags(), session.getTtl(), session.getServerIdleTimeout(), session.getHeartbeatTimeout(),
				session.getIdleTimeout(), session.getKeepAliveInterval()));
	}

	/**
	 * Runs a library call and turns its IllegalArgumentException, whose message starts with the argument's
	 * name, into a failure naming the entra.livy property that feeds the argument.
	 */
	private static <T> T checked(String prefix, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (IllegalArgumentException ex) {
			String message = String.valueOf(ex.getMessage());
			int space = message.indexOf(' ');
			String argument = (space > 0) ? message.substring(0, space) : message;
			String property = "entra.livy." + prefix + kebab(argument);
			String problem = (space > 0) ? message.substring(space + 1) : "is invalid";
			throw new EntraConfigurationException(property, problem, action(property));
		}
	}

	private static String action(String property) {
		if (property.equals(EntraLivyProperties.BASE_URL)) {
			return "Set entra.livy.base-url to an https Livy endpoint, or set entra.livy.allow-insecure-http=true "
					+ "if the network is trusted.";
		}
		return "Correct " + property + " (see docs/configuration.md).";
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static LivyListener composite(List<LivyListener> listeners) {
		return new LivyListener() {

			@Override
			public void retrying(int status, Duration wait) {
				listeners.forEach((listener) -> listener.retrying(status, wait));
			}

			@Override
			public void createAdopted(String collection) {
				listeners.forEach((listener) -> listener.createAdopted(collection));
			}

			@Override
			public void statementFinished(String state, Duration elapsed) {
				listeners.forEach((listener) -> listener.statementFinished(state, elapsed));
			}

		};
	}

	static LivyAuthentication authentication(EntraLivyProperties properties, LivyDialect dialect) {
		if (properties.getAuth() != null) {
			return properties.getAuth();
		}
		return (dialect == LivyDialect.FABRIC) ? LivyAuthentication.ENTRA : LivyAuthentication.NONE;
	}

	private static LivyCredentials credentials(EntraLivyProperties properties, LivyAuthentication auth,
			ObjectProvider<TokenManagers> tokenManagers, ObjectProvider<EntraIdentities> identities) {
		return switch (auth) {
			case NONE -> LivyCredentials.none();
			case BASIC -> {
				String username = properties.getBasic().getUsername();
				String password = properties.getBasic().getPassword();
				if (username == null || username.isBlank() || password == null) {
					throw new EntraConfigurationException("entra.livy.basic.username",
							"and entra.livy.basic.password are required when entra.livy.auth=basic",
							"Set both, or choose another entra.livy.auth.");
				}
				yield LivyCredentials.basic(username, password);
			}
			case ENTRA -> {
				TokenManagers managers = tokenManagers.getIfAvailable();
				EntraIdentities ids = identities.getIfAvailable();
				if (managers == null || ids == null) {
					throw new EntraConfigurationException("entra.livy.auth",
							"is entra but no Entra ID credential is configured",
							"Configure entra.credential.* (or entra.livy.credential.*), or set entra.livy.auth to "
									+ "none or basic.");
				}
				EntraIdentity identity = ids.resolve(properties.getCredential(), "entra.livy.credential");
				TokenManager manager = managers.forIdentity(identity, properties.getScope());
				// a cached read per request; a 401 forces a new token once
				yield LivyCredentials.bearer(() -> manager.token().getToken(), manager::refresh);
			}
		};
	}


	/** With entra.livy.session.activity-store=redis: session use shared by every instance of the application. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(name = "entra.livy.session.activity-store", havingValue = "redis")
	static class SharedSessionActivity {

		@Bean
		@ConditionalOnMissingBean
		SessionActivity livySessionActivity(Optional<StringRedisTemplate> redis) {
			StringRedisTemplate template = redis.orElse(null);
			if (template == null) {
				throw new EntraConfigurationException("entra.livy.session.activity-store",
						"is redis, but the application has no Spring Data Redis connection",
						"Add spring-boot-starter-data-redis and spring.data.redis.* (or entra.redis.*), or set"
								+ " entra.livy.session.activity-store=local.");
			}
			return new RedisSessionActivity(template);
		}

		@Bean
		LivySessionsShutdown livySessionsShutdown(LivyService livy) {
			return new LivySessionsShutdown(livy);
		}

	}

}
