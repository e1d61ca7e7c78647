package io.github.entraauth.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import io.github.entraauth.token.Redaction;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka SASL/OAUTHBEARER login callback handler that answers with Entra ID access tokens from the
 * application's {@link TokenManager}. Kafka creates it by reflection (set it as
 * {@code sasl.login.callback.handler.class}); {@link EntraKafkaAutoConfiguration} does that for the
 * clients Spring Boot builds.
 * <p>
 * {@link #configure} finds the application's token source either as an object under
 * {@value EntraKafkaSaslConfigurer#TOKEN_SOURCE_CONFIG} in the client configuration, or through the JAAS
 * option {@code credentialRef} for clients whose configuration holds only strings. The scope is the JAAS
 * option {@code scope}, else {@code entra.kafka.scope}, else {@code https://<host of the first bootstrap
 * server>/.default}. SASL extensions come from {@code entra.kafka.extensions.*} and JAAS options
 * {@code extension_<name>}.
 * <p>
 * Every token callback gets a new token object (Kafka's re-login relies on it) or an error naming
 * the scope and identity; no token is ever logged. When Kafka's login asks for a token and the cached one
 * is in the last 40% of its life, the handler asks the token manager for a new one (keeping the cached
 * one if Entra is unavailable), so that re-authenticating connections never carry a nearly expired token.
 */
public class EntraOAuthBearerLoginCallbackHandler implements AuthenticateCallbackHandler {

	/** The JAAS option naming a registered token source, {@code <context id>:<name>}. */
	public static final String CREDENTIAL_REF_OPTION = "credentialRef";

	/** The JAAS option holding the scope; it also keeps logins for different scopes apart. */
	public static final String SCOPE_OPTION = "scope";

	private static final String EXTENSION_OPTION_PREFIX = "extension_";

	/**
	 * Kafka keeps using the token it got until its next re-login, and brokers end sessions when the token
	 * expires; a token in the last 40% of its life is replaced now rather than handed out again.
	 */
	private static final double RENEW_IN_LAST_PART = 0.4;

	private static final Log logger = LogFactory.getLog(EntraOAuthBearerLoginCallbackHandler.class);

	private volatile @Nullable TokenManager tokenManager;

	private volatile SaslExtensions extensions = SaslExtensions.empty();

	/**
	 * Creates an unconfigured handler; Kafka calls {@link #configure} next.
	 */
	public EntraOAuthBearerLoginCallbackHandler() {
	}

	@Override
	public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
		if (!OAuthBearerLoginModule.OAUTHBEARER_MECHANISM.equals(saslMechanism)) {
			throw new IllegalArgumentException("EntraOAuthBearerLoginCallbackHandler supports sasl.mechanism="
					+ OAuthBearerLoginModule.OAUTHBEARER_MECHANISM + " only, not " + saslMechanism);
		}
		if (jaasConfigEntries.size() != 1) {
			throw new IllegalArgumentException("sasl.jaas.config must hold exactly one login module, found "
					+ jaasConfigEntries.size());
		}
		Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
		KafkaTokenSource source = tokenSource(configs, options);
		String scope = scope(source, options, configs.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
		Map<String, String> extensionValues = new LinkedHashMap<>(source.extensions());
		options.forEach((name, value) -> {
			if (name.startsWith(EXTENSION_OPTION_PREFIX)) {
				extensionValues.put(name.substring(EXTENSION_OPTION_PREFIX.length()), String.valueOf(value));
			}
		});
		extensionValues.forEach((name, value) -> {
			String problem = KafkaSaslExtensions.problem(name, value);
			if (problem != null) {
				throw new IllegalArgumentException("Invalid SASL extension in sasl.jaas.config: " + problem);
			}
		});
		this.extensions = new SaslExtensions(extensionValues);
		this.tokenManager = source.tokenManager(scope);
		if (logger.isDebugEnabled()) {
			logger.debug("Kafka OAUTHBEARER login uses scope " + scope + " as " + source.identity().description());
		}
	}

	private static KafkaTokenSource tokenSource(Map<String, ?> configs, Map<String, ?> options) {
		if (configs.get(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG) instanceof KafkaTokenSource source) {
			return source;
		}
		Object reference = options.get(CREDENTIAL_REF_OPTION);
		if (reference == null) {
			throw new IllegalStateException("No Entra ID token source for this Kafka client: the configuration has no "
					+ EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG + " object and sasl.jaas.config has no "
					+ CREDENTIAL_REF_OPTION + " option; let the entra-auth auto-configuration configure the client, "
					+ "or copy the settings from EntraKafkaSaslConfigurer");
		}
		KafkaTokenSource source = KafkaTokenSources.find(reference.toString());
		if (source == null) {
			throw new IllegalStateException("No Entra ID token source registered as " + CREDENTIAL_REF_OPTION + "=\""
					+ reference + "\"; its application context has closed or never started");
		}
		return source;
	}

	private static String scope(KafkaTokenSource source, Map<String, ?> options, @Nullable Object bootstrapServers) {
		Object jaasScope = options.get(SCOPE_OPTION);
		if (jaasScope == null) {
			return source.scopeFor(bootstrapServers);
		}
		// the JAAS scope is part of Kafka's login cache key, so the login must use exactly that scope
		if (!source.hasConfiguredScope()) {
			String derived = KafkaScopes.fromBootstrapServers(bootstrapServers);
			if (!derived.equals(jaasScope)) {
				logger.warn("sasl.jaas.config asks for Entra ID scope " + jaasScope + " but bootstrap.servers "
						+ bootstrapServers + " suggest " + derived + "; using " + jaasScope);
			}
		}
		return jaasScope.toString();
	}

	@Override
	public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
		for (Callback callback : callbacks) {
			if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
				handleToken(tokenCallback);
			}
			else if (callback instanceof SaslExtensionsCallback extensionsCallback) {
				extensionsCallback.extensions(this.extensions);
			}
			else {
				throw new UnsupportedCallbackException(callback);
			}
		}
	}

	private void handleToken(OAuthBearerTokenCallback callback) {
		TokenManager manager = this.tokenManager;
		if (manager == null) {
			callback.error("invalid_request", "EntraOAuthBearerLoginCallbackHandler was used before configure()", null);
			return;
		}
		try {
			long now = System.currentTimeMillis();
			EntraOAuthBearerToken token = EntraOAuthBearerToken.of(manager.token(), now);
			if (token.isInLastPartOfLife(now, RENEW_IN_LAST_PART) && manager.status().consecutiveFailures() == 0) {
				token = EntraOAuthBearerToken.of(manager.refresh(), System.currentTimeMillis());
			}
			callback.token(token);
		}
		catch (TokenUnavailableException ex) {
			callback.error("temporarily_unavailable", Redaction.redact(ex.getMessage()), null);
		}
		catch (Throwable ex) {
			// an Error escaping here would kill Kafka's refresh thread and leave the client without tokens
			callback.error("server_error", "Could not obtain an Entra ID token for scope '" + manager.scope() + "' ("
					+ manager.identity() + "): " + ex.getClass().getName() + ": " + Redaction.redact(ex.getMessage()),
					null);
		}
	}

	@Override
	public void close() {
		// the token manager belongs to the application and outlives this Kafka client
		this.tokenManager = null;
	}

}
