package io.github.entraauth.livy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A batch job to submit. Empty lists and maps and {@code null} values are not sent.
 *
 * @param file the application file (jar or Python file), for example an {@code abfss://} path
 * @param className the main class, for a jar
 * @param args the application arguments
 * @param name the batch name
 * @param conf Spark configuration entries
 * @param pyFiles Python files
 * @param jars jars
 * @param files files
 * @param archives archives
 * @param driverMemory driver memory
 * @param driverCores driver cores
 * @param executorMemory executor memory
 * @param executorCores executor cores
 * @param numExecutors number of executors
 */
public record BatchRequest(String file, @Nullable String className, List<String> args, @Nullable String name,
		Map<String, String> conf, List<String> pyFiles, List<String> jars, List<String> files, List<String> archives,
		@Nullable String driverMemory, @Nullable Integer driverCores, @Nullable String executorMemory,
		@Nullable Integer executorCores, @Nullable Integer numExecutors) {

	/**
	 * A batch running a file with arguments and nothing else set.
	 * @param file the application file
	 * @param args the arguments
	 * @return the request
	 */
	public static BatchRequest of(String file, String... args) {
		return new BatchRequest(file, null, List.of(args), null, Map.of(), List.of(), List.of(), List.of(), List.of(),
				null, null, null, null, null);
	}

	/**
	 * With a main class.
	 * @param className the class
	 * @return a new request
	 */
	public BatchRequest withClassName(String className) {
		return new BatchRequest(this.file, className, this.args, this.name, this.conf, this.pyFiles, this.jars,
				this.files, this.archives, this.driverMemory, this.driverCores, this.executorMemory,
				this.executorCores, this.numExecutors);
	}

	/**
	 * With a name. Named batches are looked up by name before a failed submit is retried.
	 * @param name the name
	 * @return a new request
	 */
	public BatchRequest withName(String name) {
		return new BatchRequest(this.file, this.className, this.args, name, this.conf, this.pyFiles, this.jars,
				this.files, this.archives, this.driverMemory, this.driverCores, this.executorMemory,
				this.executorCores, this.numExecutors);
	}

	/**
	 * With Spark configuration.
	 * @param conf the entries
	 * @return a new request
	 */
	public BatchRequest withConf(Map<String, String> conf) {
		return new BatchRequest(this.file, this.className, this.args, this.name, Map.copyOf(conf), this.pyFiles,
				this.jars, this.files, this.archives, this.driverMemory, this.driverCores, this.executorMemory,
				this.executorCores, this.numExecutors);
	}

}
