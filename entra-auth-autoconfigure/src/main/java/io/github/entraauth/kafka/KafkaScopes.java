package io.github.entraauth.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Derives the token scope from Kafka's {@code bootstrap.servers}: Azure Event Hubs accepts tokens for
 * {@code https://<namespace host>/.default}.
 */
final class KafkaScopes {

	/** A scope is put into a quoted JAAS option, so it must not contain quotes, backslashes or blanks. */
	private static final Pattern VALID_SCOPE = Pattern.compile("[\\x21-\\x7E&&[^\"\\\\;]]+");

	private KafkaScopes() {
	}

	/**
	 * The default scope for the given bootstrap servers.
	 * @param bootstrapServers a {@code List<String>} (as Kafka passes it) or a comma-separated string
	 * @return {@code https://<host of the first server>/.default}
	 * @throws IllegalArgumentException if there is no server or the first one has no host
	 */
	static String fromBootstrapServers(@Nullable Object bootstrapServers) {
		List<String> servers = servers(bootstrapServers);
		if (servers.isEmpty()) {
			throw new IllegalArgumentException(
					"bootstrap.servers is empty, so no Entra ID token scope can be derived from it; set entra.kafka.scope");
		}
		String first = servers.get(0);
		String host = Utils.getHost(first);
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("Cannot read a host from bootstrap server '" + first
					+ "' (expected host:port) to derive the Entra ID token scope; set entra.kafka.scope");
		}
		return "https://" + (host.contains(":") ? "[" + host + "]" : host) + "/.default";
	}

	static boolean isValid(String scope) {
		return VALID_SCOPE.matcher(scope).matches();
	}

	/** The servers of a {@code List<String>} (as Kafka passes them) or a comma-separated string. */
	static List<String> servers(@Nullable Object bootstrapServers) {
		List<String> servers = new ArrayList<>();
		if (bootstrapServers instanceof Collection<?> collection) {
			collection.forEach((server) -> add(servers, String.valueOf(server)));
		}
		else if (bootstrapServers != null) {
			add(servers, bootstrapServers.toString());
		}
		return servers;
	}

	private static void add(List<String> servers, String value) {
		for (String server : value.split(",")) {
			if (!server.isBlank()) {
				servers.add(server.trim());
			}
		}
	}

}
