package io.github.entraauth.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.entraauth.config.EntraConfigurationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Checks, before a client is built, that its bootstrap servers name a port and that a bearer token would not
 * travel unencrypted (SASL_PLAINTEXT) to a broker off this machine unless entra.kafka.allow-insecure says so.
 */
final class KafkaTransportChecks {

	/** IP literals only: deciding whether a host name is local would need a DNS lookup at start. */
	private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

	private KafkaTransportChecks() {
	}

	static void check(@Nullable Object bootstrapServers, String securityProtocol, boolean allowInsecure) {
		boolean plaintext = SecurityProtocol.SASL_PLAINTEXT.name.equals(securityProtocol);
		for (String server : KafkaScopes.servers(bootstrapServers)) {
			String host = Utils.getHost(server);
			if (host == null || host.isEmpty() || Utils.getPort(server) == null) {
				throw new EntraConfigurationException("spring.kafka.bootstrap-servers",
						"contains '" + server + "', which is not host:port",
						"Write every bootstrap server as host:port, for example my-namespace.servicebus.windows.net:9093 "
								+ "(the same applies to a binder's brokers setting).");
			}
			if (plaintext && !allowInsecure && !isLoopback(host)) {
				throw new EntraConfigurationException("spring.kafka.security.protocol",
						"is SASL_PLAINTEXT, which would send Entra ID bearer tokens unencrypted to " + server,
						"Use SASL_SSL, or set entra.kafka.allow-insecure=true if the network to this broker is "
								+ "trusted (for example a test environment).");
			}
		}
	}

	static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost")) {
			return true;
		}
		if (!IP_LITERAL.matcher(name).matches()) {
			return false;
		}
		try {
			return InetAddress.getByName(name).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
