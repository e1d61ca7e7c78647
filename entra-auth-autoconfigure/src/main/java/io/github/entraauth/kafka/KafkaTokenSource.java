package io.github.entraauth.kafka;

import java.util.Map;

import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EntraOAuthBearerLoginCallbackHandler} needs from the application: one identity, its
 * token managers, the configured scope and the SASL extensions. Passed to the handler as an object
 * in the client configuration or found through {@link KafkaTokenSources}.
 */
final class KafkaTokenSource {

	private final TokenManagers tokenManagers;

	private final EntraIdentity identity;

	private final @Nullable String scope;

	private final Map<String, String> extensions;

	private final KafkaLogins logins;

	KafkaTokenSource(TokenManagers tokenManagers, EntraIdentity identity, @Nullable String scope,
			Map<String, String> extensions, KafkaLogins logins) {
		this.tokenManagers = tokenManagers;
		this.identity = identity;
		this.scope = scope;
		this.extensions = Map.copyOf(extensions);
		this.logins = logins;
	}

	/** The configured scope, or the one derived from the bootstrap servers. */
	String scopeFor(@Nullable Object bootstrapServers) {
		return (this.scope != null) ? this.scope : KafkaScopes.fromBootstrapServers(bootstrapServers);
	}

	boolean hasConfiguredScope() {
		return this.scope != null;
	}

	TokenManager tokenManager(String scope) {
		return this.tokenManagers.forIdentity(this.identity, scope);
	}

	EntraIdentity identity() {
		return this.identity;
	}

	Map<String, String> extensions() {
		return this.extensions;
	}

	KafkaLogins logins() {
		return this.logins;
	}

	@Override
	public String toString() {
		return "KafkaTokenSource[" + this.identity.description() + "]";
	}

}
