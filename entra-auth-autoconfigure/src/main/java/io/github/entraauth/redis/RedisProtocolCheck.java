package io.github.entraauth.redis;

import io.github.entraauth.config.EntraConfigurationException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Refuses to start when re-AUTH is on and the client options force RESP2: Lettuce then rejects
 * every pub/sub connection ("Renewable credentials are not supported with RESP2") and skips the
 * re-AUTH of the others, so Azure would close them when the token expires.
 */
final class RedisProtocolCheck implements SmartInitializingSingleton {

	private final ObjectProvider<LettuceConnectionFactory> connectionFactories;

	RedisProtocolCheck(ObjectProvider<LettuceConnectionFactory> connectionFactories) {
		this.connectionFactories = connectionFactories;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.connectionFactories.orderedStream()
			.forEach((factory) -> factory.getClientConfiguration().getClientOptions().ifPresent(RedisProtocolCheck::check));
	}

	static void check(ClientOptions options) {
		if (options.getReauthenticateBehaviour() == ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS
				&& options.getConfiguredProtocolVersion() == ProtocolVersion.RESP2) {
			throw new EntraConfigurationException("entra.redis.reauthenticate",
					"Lettuce's ClientOptions protocolVersion is RESP2 (set by a LettuceClientOptionsBuilderCustomizer or"
							+ " LettuceClientConfigurationBuilderCustomizer), but re-AUTH of live connections needs RESP3:"
							+ " with RESP2 Lettuce refuses pub/sub connections and skips re-AUTH, so Azure closes them at"
							+ " token expiry",
					"Remove protocolVersion(ProtocolVersion.RESP2) from your customizer (Lettuce then negotiates RESP3),"
							+ " or set entra.redis.reauthenticate=false to accept a reconnect at every token expiry");
		}
	}

}
