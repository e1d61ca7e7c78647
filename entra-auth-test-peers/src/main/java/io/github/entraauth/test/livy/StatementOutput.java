package io.github.entraauth.test.livy;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What an emulated statement produces: an {@code ok} output with its MIME-typed data, an
 * {@code error} output, or a statement that keeps running until it is cancelled.
 *
 * @param status {@code ok} or {@code error}, or {@code running} for a statement that never ends
 * @param text the {@code text/plain} data, if any
 * @param json the {@code application/json} data, if any
 * @param ename the error name, for an error
 * @param evalue the error value, for an error
 * @param traceback the error traceback lines, for an error
 */
public record StatementOutput(String status, @Nullable String text, @Nullable JsonNode json, @Nullable String ename,
		@Nullable String evalue, List<String> traceback) {

	/**
	 * An ok output with {@code text/plain} data.
	 * @param text the text
	 * @return the output
	 */
	public static StatementOutput ok(String text) {
		return new StatementOutput("ok", text, null, null, null, List.of());
	}

	/**
	 * An ok output with {@code application/json} data.
	 * @param json the JSON data
	 * @return the output
	 */
	public static StatementOutput json(JsonNode json) {
		return new StatementOutput("ok", null, json, null, null, List.of());
	}

	/**
	 * An error output, as Livy reports an exception raised by the code.
	 * @param ename the error name, for example {@code NameError}
	 * @param evalue the error message
	 * @param traceback the traceback lines
	 * @return the output
	 */
	public static StatementOutput error(String ename, String evalue, String... traceback) {
		return new StatementOutput("error", null, null, ename, evalue, List.of(traceback));
	}

	/**
	 * A statement that stays {@code running} until it is cancelled or its session dies.
	 * @return the output
	 */
	public static StatementOutput runsUntilCancelled() {
		return new StatementOutput("running", null, null, null, null, List.of());
	}

	boolean neverEnds() {
		return "running".equals(this.status);
	}

}
