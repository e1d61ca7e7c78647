package io.github.entraauth.livy;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a statement that finished without an error (errors are thrown as
 * {@link LivyStatementException}).
 *
 * @param statementId the statement id
 * @param state the final statement state: {@code available} or {@code cancelled}
 * @param status the output status: {@code ok}, or {@code cancelled}
 * @param text the {@code text/plain} output, if any
 * @param json the {@code application/json} output, if any
 * @param table the rows and schema of a SQL ({@code {schema, data}}) or {@code %table} output, if any
 * @param truncated whether the table hit the server's row cap, so rows may be missing
 */
public record StatementResult(String statementId, String state, String status, @Nullable String text,
		@Nullable JsonNode json, @Nullable ResultTable table, boolean truncated) {

	/**
	 * Whether the statement was cancelled before it produced output.
	 * @return whether it was cancelled
	 */
	public boolean cancelled() {
		return "cancelled".equals(this.state);
	}

}
