package io.github.entraauth.livy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Per-call overrides for a new session. Anything left unset ({@code null}, or empty) comes from the
 * service's {@link SessionDefaults}; Spark {@code conf} and {@code tags} are merged with the defaults.
 * Start from {@link #defaults()} and use the {@code with…} methods.
 *
 * @param name the exact session name, instead of the default prefix plus a timestamp
 * @param kind the session kind ({@code spark}, {@code pyspark}, {@code sparkr}, {@code sql})
 * @param resources Spark resources, over the defaults' ones
 * @param tags Fabric session tags
 * @param ttl Apache {@code ttl} (0.8+ only)
 * @param serverIdleTimeout Apache {@code idleTimeout} (0.9+; sent as {@code ttl} to 0.8)
 */
public record SessionOptions(@Nullable String name, @Nullable String kind, SparkResources resources,
		Map<String, String> tags, @Nullable Duration ttl, @Nullable Duration serverIdleTimeout) {

	public SessionOptions {
		Arguments.notNull("resources", resources);
		tags = Arguments.map("tags", tags);
	}

	/**
	 * Options that override nothing.
	 * @return the options
	 */
	public static SessionOptions defaults() {
		return new SessionOptions(null, null, SparkResources.none(), Map.of(), null, null);
	}

	/**
	 * With an exact session name.
	 * @param name the name
	 * @return new options
	 */
	public SessionOptions withName(String name) {
		return new SessionOptions(name, this.kind, this.resources, this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With a session kind.
	 * @param kind the kind
	 * @return new options
	 */
	public SessionOptions withKind(String kind) {
		return new SessionOptions(this.name, kind, this.resources, this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With these Spark resources over the defaults.
	 * @param resources the resources
	 * @return new options
	 */
	public SessionOptions withResources(SparkResources resources) {
		return new SessionOptions(this.name, this.kind, resources, this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With one more Spark configuration entry.
	 * @param key the key, for example {@code spark.fabric.environmentDetails}
	 * @param value the value
	 * @return new options
	 */
	public SessionOptions withConf(String key, String value) {
		return withResources(this.resources.withConf(key, value));
	}

	/**
	 * With one more Fabric tag.
	 * @param key the key
	 * @param value the value
	 * @return new options
	 */
	public SessionOptions withTag(String key, String value) {
		Map<String, String> merged = new LinkedHashMap<>(this.tags);
		merged.put(key, value);
		return new SessionOptions(this.name, this.kind, this.resources, merged, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With Apache server-side timeouts, sent only to versions that accept them.
	 * @param ttl the {@code ttl} (0.8+), or {@code null}
	 * @param serverIdleTimeout the {@code idleTimeout} (0.9+), or {@code null}
	 * @return new options
	 */
	public SessionOptions withServerTimeouts(@Nullable Duration ttl, @Nullable Duration serverIdleTimeout) {
		return new SessionOptions(this.name, this.kind, this.resources, this.tags, ttl, serverIdleTimeout);
	}

	/** These options over the defaults; a name is not defaulted here (the service makes a unique one). */
	SessionOptions orElse(SessionDefaults defaults) {
		Map<String, String> mergedTags = new LinkedHashMap<>(defaults.tags());
		mergedTags.putAll(this.tags);
		return new SessionOptions(this.name, (this.kind != null) ? this.kind : defaults.kind(),
				this.resources.orElse(defaults.resources()), mergedTags,
				(this.ttl != null) ? this.ttl : defaults.ttl(),
				(this.serverIdleTimeout != null) ? this.serverIdleTimeout : defaults.serverIdleTimeout());
	}

}
