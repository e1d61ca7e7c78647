package io.github.entraauth.livy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a Spark application gets: driver and executor resources, dependencies, Spark configuration and
 * the YARN queue. The one type shared by sessions, batches and session defaults: an option added here
 * is merged and sent everywhere. Empty lists and maps and {@code null} values are not sent.
 *
 * @param driverMemory driver memory, for example {@code 4g}
 * @param driverCores driver cores
 * @param executorMemory executor memory, for example {@code 4g}
 * @param executorCores executor cores
 * @param numExecutors number of executors
 * @param jars jars
 * @param pyFiles Python files
 * @param files files
 * @param archives archives
 * @param conf Spark configuration entries
 * @param queue the YARN queue (Apache Livy)
 */
public record SparkResources(@Nullable String driverMemory, @Nullable Integer driverCores,
		@Nullable String executorMemory, @Nullable Integer executorCores, @Nullable Integer numExecutors,
		List<String> jars, List<String> pyFiles, List<String> files, List<String> archives, Map<String, String> conf,
		@Nullable String queue) {

	private static final SparkResources NONE = new SparkResources(null, null, null, null, null, List.of(), List.of(),
			List.of(), List.of(), Map.of(), null);

	public SparkResources {
		requireNonNegative("driverCores", driverCores);
		requireNonNegative("executorCores", executorCores);
		requireNonNegative("numExecutors", numExecutors);
		jars = Arguments.list("jars", jars);
		pyFiles = Arguments.list("pyFiles", pyFiles);
		files = Arguments.list("files", files);
		archives = Arguments.list("archives", archives);
		conf = Arguments.map("conf", conf);
	}

	/**
	 * Resources that set nothing: the server's defaults.
	 * @return the resources
	 */
	public static SparkResources none() {
		return NONE;
	}

	/**
	 * With driver resources ({@code null} leaves a value unset).
	 * @param memory driver memory
	 * @param cores driver cores
	 * @return new resources
	 */
	public SparkResources withDriver(@Nullable String memory, @Nullable Integer cores) {
		return new SparkResources(memory, cores, this.executorMemory, this.executorCores, this.numExecutors,
				this.jars, this.pyFiles, this.files, this.archives, this.conf, this.queue);
	}

	/**
	 * With executor resources ({@code null} leaves a value unset).
	 * @param memory executor memory
	 * @param cores executor cores
	 * @param count number of executors
	 * @return new resources
	 */
	public SparkResources withExecutors(@Nullable String memory, @Nullable Integer cores, @Nullable Integer count) {
		return new SparkResources(this.driverMemory, this.driverCores, memory, cores, count, this.jars, this.pyFiles,
				this.files, this.archives, this.conf, this.queue);
	}

	/**
	 * With these dependency lists.
	 * @param jars jars
	 * @param pyFiles Python files
	 * @param files files
	 * @param archives archives
	 * @return new resources
	 */
	public SparkResources withDependencies(List<String> jars, List<String> pyFiles, List<String> files,
			List<String> archives) {
		return new SparkResources(this.driverMemory, this.driverCores, this.executorMemory, this.executorCores,
				this.numExecutors, jars, pyFiles, files, archives, this.conf, this.queue);
	}

	/**
	 * With one more Spark configuration entry.
	 * @param key the key, for example {@code spark.fabric.environmentDetails}
	 * @param value the value
	 * @return new resources
	 */
	public SparkResources withConf(String key, String value) {
		Map<String, String> merged = new LinkedHashMap<>(this.conf);
		merged.put(key, value);
		return new SparkResources(this.driverMemory, this.driverCores, this.executorMemory, this.executorCores,
				this.numExecutors, this.jars, this.pyFiles, this.files, this.archives, merged, this.queue);
	}

	/**
	 * With a YARN queue.
	 * @param queue the queue
	 * @return new resources
	 */
	public SparkResources withQueue(@Nullable String queue) {
		return new SparkResources(this.driverMemory, this.driverCores, this.executorMemory, this.executorCores,
				this.numExecutors, this.jars, this.pyFiles, this.files, this.archives, this.conf, queue);
	}

	/**
	 * These resources over the given defaults: a value set here wins, an unset value or empty list comes
	 * from the defaults, and the configuration maps are merged.
	 * @param defaults the defaults
	 * @return the merged resources
	 */
	public SparkResources orElse(SparkResources defaults) {
		Map<String, String> mergedConf = new LinkedHashMap<>(defaults.conf);
		mergedConf.putAll(this.conf);
		return new SparkResources(or(this.driverMemory, defaults.driverMemory),
				or(this.driverCores, defaults.driverCores), or(this.executorMemory, defaults.executorMemory),
				or(this.executorCores, defaults.executorCores), or(this.numExecutors, defaults.numExecutors),
				or(this.jars, defaults.jars), or(this.pyFiles, defaults.pyFiles), or(this.files, defaults.files),
				or(this.archives, defaults.archives), mergedConf, or(this.queue, defaults.queue));
	}

	/** Writes the set values into a session or batch request body. */
	void writeTo(ObjectNode body) {
		put(body, "driverMemory", this.driverMemory);
		put(body, "driverCores", this.driverCores);
		put(body, "executorMemory", this.executorMemory);
		put(body, "executorCores", this.executorCores);
		put(body, "numExecutors", this.numExecutors);
		putList(body, "jars", this.jars);
		putList(body, "pyFiles", this.pyFiles);
		putList(body, "files", this.files);
		putList(body, "archives", this.archives);
		if (!this.conf.isEmpty()) {
			ObjectNode object = body.putObject("conf");
			this.conf.forEach(object::put);
		}
		put(body, "queue", this.queue);
	}

	private static void put(ObjectNode body, String field, @Nullable Object value) {
		if (value instanceof Integer number) {
			body.put(field, number);
		}
		else if (value != null) {
			body.put(field, value.toString());
		}
	}

	private static void putList(ObjectNode body, String field, List<String> values) {
		if (!values.isEmpty()) {
			ArrayNode array = body.putArray(field);
			values.forEach(array::add);
		}
	}

	private static List<String> or(List<String> override, List<String> fallback) {
		return override.isEmpty() ? fallback : override;
	}

	private static <T> @Nullable T or(@Nullable T override, @Nullable T fallback) {
		return (override != null) ? override : fallback;
	}

	private static void requireNonNegative(String argument, @Nullable Integer value) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException(argument + " must not be negative, but was " + value);
		}
	}

}
