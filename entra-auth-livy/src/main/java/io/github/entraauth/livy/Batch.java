package io.github.entraauth.livy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A batch job as the server reports it.
 *
 * @param id the id
 * @param name the name, if any
 * @param state the state, lower case ({@code starting}, {@code running}, {@code success}, {@code dead}, ...)
 * @param appId the Spark application id, if known
 * @param log the log lines included in the response
 */
public record Batch(String id, @Nullable String name, String state, @Nullable String appId, List<String> log) {

	/**
	 * Whether the batch has finished, successfully or not.
	 * @return whether the state is final
	 */
	public boolean finished() {
		return switch (this.state) {
			case "success", "dead", "killed", "error", "cancelled" -> true;
			default -> false;
		};
	}

}
