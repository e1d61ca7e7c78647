package io.github.entraauth.test.spark;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.entraauth.test.livy.SqlEngine;
import io.github.entraauth.test.livy.StatementOutput;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Catalog;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.types.StructField;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Livy session's SparkSession: statements run on it and come back as Livy renders {@code sql} results,
 * {@code {schema, data}} with Spark's schema JSON and one array of values per row, capped silently.
 */
final class SparkSqlSession implements SqlEngine.Session {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int TRACEBACK_LINES = 20;

	private final CompletableFuture<SparkSession> spark;

	private final int rowCap;

	SparkSqlSession(CompletableFuture<SparkSession> spark, int rowCap) {
		this.spark = spark;
		this.rowCap = rowCap;
	}

	@Override
	public boolean ready() {
		return this.spark.isDone();
	}

	@Override
	public StatementOutput execute(String sql) {
		SparkSession session;
		try {
			session = this.spark.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return StatementOutput.error("InterpreterError", "Fail to start interpreter: " + cause.getMessage(),
					traceback(cause));
		}
		try {
			Dataset<Row> result = session.sql(sql);
			return StatementOutput.json(render(result));
		}
		catch (Exception ex) {
			// Spark throws AnalysisException, a checked exception, without declaring it
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
			return StatementOutput.error(ex.getClass().getSimpleName(), message, traceback(ex));
		}
	}

	private JsonNode render(Dataset<Row> result) {
		ObjectNode output = json.createObjectNode();
		output.set("schema", json.readTree(result.schema().json()));
		ArrayNode data = output.putArray("data");
		StructField[] fields = result.schema().fields();
		List<String> rows = result.toJSON().takeAsList(this.rowCap);
		for (String row : rows) {
			// toJSON leaves null fields out, so values are looked up by name in the schema's order
			JsonNode values = json.readTree(row);
			ArrayNode array = data.addArray();
			for (StructField field : fields) {
				JsonNode value = values.get(field.name());
				if (value == null) {
					array.addNull();
				}
				else {
					array.add(value);
				}
			}
		}
		return output;
	}

	private static String[] traceback(Throwable ex) {
		return Arrays.stream(ex.getStackTrace())
			.limit(TRACEBACK_LINES)
			.map((frame) -> "\tat " + frame)
			.toArray(String[]::new);
	}

	@Override
	public void close() {
		// temporary views may be cached in the context's shared cache; dropping them uncaches them
		if (this.spark.isDone() && !this.spark.isCompletedExceptionally()) {
			Catalog catalog = this.spark.join().catalog();
			catalog.listTables()
				.collectAsList()
				.stream()
				.filter(Table::isTemporary)
				.forEach((view) -> catalog.dropTempView(view.name()));
		}
	}

}
