package io.github.entraauth.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The token sources of every running application context, for clients whose configuration can only
 * hold strings: their {@code sasl.jaas.config} names a source with {@code credentialRef="<context>:<name>"}.
 * Entries are removed when their context closes.
 */
final class KafkaTokenSources {

	private static final Map<String, KafkaTokenSource> sources = new ConcurrentHashMap<>();

	private KafkaTokenSources() {
	}

	static void register(String reference, KafkaTokenSource source) {
		sources.put(reference, source);
	}

	static void unregister(String reference) {
		sources.remove(reference);
	}

	static @Nullable KafkaTokenSource find(String reference) {
		return sources.get(reference);
	}

}
