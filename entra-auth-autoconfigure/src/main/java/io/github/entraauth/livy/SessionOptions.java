package io.github.entraauth.livy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Per-call overrides for a new session. Anything left unset ({@code null}, or empty) comes from
 * {@code entra.livy.session.*}; {@code conf} and {@code tags} are merged with the configured ones.
 * Start from {@link #defaults()} and use the {@code with…} methods.
 *
 * @param name the exact session name, instead of the configured prefix plus a timestamp
 * @param kind the session kind ({@code spark}, {@code pyspark}, {@code sparkr}, {@code sql})
 * @param conf Spark configuration entries
 * @param pyFiles Python files
 * @param jars jars
 * @param files files
 * @param archives archives
 * @param driverMemory driver memory, for example {@code 4g}
 * @param driverCores driver cores
 * @param executorMemory executor memory
 * @param executorCores executor cores
 * @param numExecutors number of executors
 * @param tags Fabric session tags
 * @param ttl Apache {@code ttl} (0.8+ only)
 * @param serverIdleTimeout Apache {@code idleTimeout} (0.9+; sent as {@code ttl} to 0.8)
 */
public record SessionOptions(@Nullable String name, @Nullable String kind, Map<String, String> conf,
		List<String> pyFiles, List<String> jars, List<String> files, List<String> archives,
		@Nullable String driverMemory, @Nullable Integer driverCores, @Nullable String executorMemory,
		@Nullable Integer executorCores, @Nullable Integer numExecutors, Map<String, String> tags,
		@Nullable Duration ttl, @Nullable Duration serverIdleTimeout) {

	/**
	 * Options that override nothing.
	 * @return the options
	 */
	public static SessionOptions defaults() {
		return new SessionOptions(null, null, Map.of(), List.of(), List.of(), List.of(), List.of(), null, null, null,
				null, null, Map.of(), null, null);
	}

	/**
	 * With an exact session name.
	 * @param name the name
	 * @return new options
	 */
	public SessionOptions withName(String name) {
		return new SessionOptions(name, this.kind, this.conf, this.pyFiles, this.jars, this.files, this.archives,
				this.driverMemory, this.driverCores, this.executorMemory, this.executorCores, this.numExecutors,
				this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With a session kind.
	 * @param kind the kind
	 * @return new options
	 */
	public SessionOptions withKind(String kind) {
		return new SessionOptions(this.name, kind, this.conf, this.pyFiles, this.jars, this.files, this.archives,
				this.driverMemory, this.driverCores, this.executorMemory, this.executorCores, this.numExecutors,
				this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With one more Spark configuration entry.
	 * @param key the key, for example {@code spark.fabric.environmentDetails}
	 * @param value the value
	 * @return new options
	 */
	public SessionOptions withConf(String key, String value) {
		Map<String, String> merged = new LinkedHashMap<>(this.conf);
		merged.put(key, value);
		return new SessionOptions(this.name, this.kind, Map.copyOf(merged), this.pyFiles, this.jars, this.files,
				this.archives, this.driverMemory, this.driverCores, this.executorMemory, this.executorCores,
				this.numExecutors, this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With these dependency lists instead of the configured ones (an empty list keeps the configured one).
	 * @param pyFiles Python files
	 * @param jars jars
	 * @param files files
	 * @param archives archives
	 * @return new options
	 */
	public SessionOptions withDependencies(List<String> pyFiles, List<String> jars, List<String> files,
			List<String> archives) {
		return new SessionOptions(this.name, this.kind, this.conf, List.copyOf(pyFiles), List.copyOf(jars),
				List.copyOf(files), List.copyOf(archives), this.driverMemory, this.driverCores, this.executorMemory,
				this.executorCores, this.numExecutors, this.tags, this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With driver and executor resources ({@code null} keeps the configured value).
	 * @param driverMemory driver memory
	 * @param driverCores driver cores
	 * @param executorMemory executor memory
	 * @param executorCores executor cores
	 * @param numExecutors number of executors
	 * @return new options
	 */
	public SessionOptions withResources(@Nullable String driverMemory, @Nullable Integer driverCores,
			@Nullable String executorMemory, @Nullable Integer executorCores, @Nullable Integer numExecutors) {
		return new SessionOptions(this.name, this.kind, this.conf, this.pyFiles, this.jars, this.files, this.archives,
				driverMemory, driverCores, executorMemory, executorCores, numExecutors, this.tags, this.ttl,
				this.serverIdleTimeout);
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
		return new SessionOptions(this.name, this.kind, this.conf, this.pyFiles, this.jars, this.files, this.archives,
				this.driverMemory, this.driverCores, this.executorMemory, this.executorCores, this.numExecutors,
				Map.copyOf(merged), this.ttl, this.serverIdleTimeout);
	}

	/**
	 * With Apache server-side timeouts, sent only to versions that accept them.
	 * @param ttl the {@code ttl} (0.8+), or {@code null}
	 * @param serverIdleTimeout the {@code idleTimeout} (0.9+), or {@code null}
	 * @return new options
	 */
	public SessionOptions withServerTimeouts(@Nullable Duration ttl, @Nullable Duration serverIdleTimeout) {
		return new SessionOptions(this.name, this.kind, this.conf, this.pyFiles, this.jars, this.files, this.archives,
				this.driverMemory, this.driverCores, this.executorMemory, this.executorCores, this.numExecutors,
				this.tags, ttl, serverIdleTimeout);
	}

}
