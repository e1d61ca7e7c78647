package io.github.entraauth.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.entraauth.credential.EntraIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.jspecify.annotations.Nullable;

/**
 * Computes the Kafka client settings that make a client authenticate with Entra ID tokens:
 * {@code security.protocol} (SASL_SSL unless the client already names a SASL protocol),
 * {@code sasl.mechanism=OAUTHBEARER}, {@link EntraOAuthBearerLoginCallbackHandler} and a
 * {@code sasl.jaas.config} that holds only the scope and a reference to the application's token
 * source, never a secret.
 * <p>
 * The auto-configuration applies it to every client Spring Boot builds; call it for Kafka clients
 * you build yourself. Clients whose configuration already sets {@code sasl.mechanism},
 * {@code sasl.jaas.config} or {@code sasl.login.callback.handler.class}, or names a non-SASL
 * {@code security.protocol}, are left alone.
 */
public final class EntraKafkaSaslConfigurer implements AutoCloseable {

	/** The client configuration key under which the token source object travels to the handler. */
	public static final String TOKEN_SOURCE_CONFIG = "sasl.login.entra.token-source";

	private static final Log logger = LogFactory.getLog(EntraKafkaSaslConfigurer.class);

	private static final List<String> USER_SASL_KEYS = List.of(SaslConfigs.SASL_MECHANISM,
			SaslConfigs.SASL_JAAS_CONFIG, SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS);

	private final String contextId;

	private final boolean allowInsecure;

	private final KafkaTokenSource defaultSource;

	private final Function<EntraIdentity, KafkaTokenSource> sourceFactory;

	private final Map<EntraIdentity, KafkaTokenSource> sources = new ConcurrentHashMap<>();

	private final Map<KafkaTokenSource, String> references = new ConcurrentHashMap<>();

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	EntraKafkaSaslConfigurer(String contextId, boolean allowInsecure, KafkaTokenSource defaultSource,
			Function<EntraIdentity, KafkaTokenSource> sourceFactory) {
		this.contextId = contextId;
		this.allowInsecure = allowInsecure;
		this.defaultSource = defaultSource;
		this.sourceFactory = sourceFactory;
		this.sources.put(defaultSource.identity(), defaultSource);
		register(defaultSource);
	}

	/**
	 * The settings to add to a client's configuration, with the {@code entra.kafka} identity.
	 * @param clientConfig the client's configuration so far, including {@code bootstrap.servers}
	 * @param client what the client is, for the log line ("producer", "consumer", ...)
	 * @return the entries to add (objects included); empty if the client is left alone
	 */
	public Map<String, Object> saslConfigs(Map<String, ?> clientConfig, String client) {
		return saslConfigs(clientConfig, client, this.defaultSource.identity());
	}

	/**
	 * The settings to add to a client's configuration, with another identity, for example one from
	 * {@code EntraIdentities.resolve(...)}. Clients with different identities never share a Kafka login.
	 * @param clientConfig the client's configuration so far, including {@code bootstrap.servers}
	 * @param client what the client is, for the log line ("producer", "consumer", ...)
	 * @param identity the identity the client authenticates as
	 * @return the entries to add (objects included); empty if the client is left alone
	 */
	public Map<String, Object> saslConfigs(Map<String, ?> clientConfig, String client, EntraIdentity identity) {
		KafkaTokenSource source = source(identity);
		Map<String, Object> settings = new LinkedHashMap<>(stringSettings(clientConfig, client, source, true));
		if (!settings.isEmpty()) {
			// a Class object needs no class loader lookup; the source object reaches the handler's configure()
			settings.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class);
			settings.put(TOKEN_SOURCE_CONFIG, source);
		}
		return settings;
	}

	/**
	 * The settings to add to a configuration that can hold only strings (for example
	 * {@code spring.kafka.admin.properties}); the handler finds the token source through the
	 * {@code credentialRef} JAAS option while this application context runs.
	 * @param clientConfig the client's configuration so far
	 * @param client what the client is, for the log line
	 * @param deriveScope whether to put the scope derived from {@code clientConfig}'s bootstrap servers
	 * into the JAAS options; when {@code false} the handler derives it from the final bootstrap servers
	 * @return the entries to add; empty if the client is left alone
	 */
	public Map<String, String> stringSaslConfigs(Map<String, ?> clientConfig, String client, boolean deriveScope) {
		return stringSettings(clientConfig, client, this.defaultSource, deriveScope);
	}

	private Map<String, String> stringSettings(Map<String, ?> clientConfig, String client, KafkaTokenSource source,
			boolean deriveScope) {
		if (userConfiguredSasl(clientConfig, client)) {
			return Map.of();
		}
		String protocol = securityProtocol(clientConfig);
		KafkaTransportChecks.check(clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), protocol,
				this.allowInsecure);
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
		settings.put(SaslConfigs.SASL_MECHANISM, OAuthBearerLoginModule.OAUTHBEARER_MECHANISM);
		settings.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class.getName());
		settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(source, clientConfig, deriveScope));
		return settings;
	}

	private boolean userConfiguredSasl(Map<String, ?> clientConfig, String client) {
		for (String key : USER_SASL_KEYS) {
			if (clientConfig.get(key) != null) {
				report(client, "Kafka " + client + " configures " + key
						+ " itself; Entra ID authentication leaves its SASL settings alone");
				return true;
			}
		}
		Object protocol = clientConfig.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
		if (protocol != null && !protocol.toString().toUpperCase(Locale.ROOT).startsWith("SASL_")) {
			report(client, "Kafka " + client + " uses security.protocol=" + protocol
					+ "; Entra ID authentication needs SASL_SSL or SASL_PLAINTEXT and leaves this client alone");
			return true;
		}
		return false;
	}

	private void report(String client, String message) {
		if (this.reported.add(client)) {
			logger.info(message);
		}
	}

	private static String securityProtocol(Map<String, ?> clientConfig) {
		Object protocol = clientConfig.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
		return (protocol != null) ? protocol.toString().toUpperCase(Locale.ROOT) : SecurityProtocol.SASL_SSL.name;
	}

	private String jaasConfig(KafkaTokenSource source, Map<String, ?> clientConfig, boolean deriveScope) {
		StringBuilder jaas = new StringBuilder(OAuthBearerLoginModule.class.getName()).append(" required");
		String scope = scope(source, clientConfig, deriveScope);
		if (scope != null) {
			jaas.append(' ').append(EntraOAuthBearerLoginCallbackHandler.SCOPE_OPTION).append("=\"").append(scope).append('"');
		}
		jaas.append(' ').append(EntraOAuthBearerLoginCallbackHandler.CREDENTIAL_REF_OPTION).append("=\"")
			.append(this.references.get(source)).append("\";");
		return jaas.toString();
	}

	private static @Nullable String scope(KafkaTokenSource source, Map<String, ?> clientConfig, boolean derive) {
		Object servers = clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
		if (source.hasConfiguredScope() || (derive && servers != null)) {
			return source.scopeFor(servers);
		}
		return null;
	}

	private KafkaTokenSource source(EntraIdentity identity) {
		return this.sources.computeIfAbsent(identity, (key) -> {
			KafkaTokenSource source = this.sourceFactory.apply(key);
			register(source);
			return source;
		});
	}

	private synchronized void register(KafkaTokenSource source) {
		String reference = this.contextId + ":" + this.references.size();
		this.references.put(source, reference);
		KafkaTokenSources.register(reference, source);
	}

	/**
	 * Removes this application context's token sources from the registry.
	 */
	@Override
	public void close() {
		this.references.values().forEach(KafkaTokenSources::unregister);
	}

}
