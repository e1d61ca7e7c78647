package io.github.entraauth.livy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A batch job to submit. Empty lists and {@code null} values are not sent.
 *
 * @param file the application file (jar or Python file), for example an {@code abfss://} path
 * @param className the main class, for a jar
 * @param args the application arguments
 * @param name the batch name
 * @param resources Spark resources
 */
public record BatchRequest(String file, @Nullable String className, List<String> args, @Nullable String name,
		SparkResources resources) {

	public BatchRequest {
		if (file == null || file.isBlank()) {
			throw new IllegalArgumentException("file must not be empty");
		}
		args = Arguments.list("args", args);
		Arguments.notNull("resources", resources);
	}

	/**
	 * A batch running a file with arguments and nothing else set.
	 * @param file the application file
	 * @param args the arguments
	 * @return the request
	 */
	public static BatchRequest of(String file, String... args) {
		return new BatchRequest(file, null, List.of(args), null, SparkResources.none());
	}

	/**
	 * With a main class.
	 * @param className the class
	 * @return a new request
	 */
	public BatchRequest withClassName(String className) {
		return new BatchRequest(this.file, className, this.args, this.name, this.resources);
	}

	/**
	 * With a name. Named batches are looked up by name before a failed submit is retried.
	 * @param name the name
	 * @return a new request
	 */
	public BatchRequest withName(String name) {
		return new BatchRequest(this.file, this.className, this.args, name, this.resources);
	}

	/**
	 * With Spark resources.
	 * @param resources the resources
	 * @return a new request
	 */
	public BatchRequest withResources(SparkResources resources) {
		return new BatchRequest(this.file, this.className, this.args, this.name, resources);
	}

}
