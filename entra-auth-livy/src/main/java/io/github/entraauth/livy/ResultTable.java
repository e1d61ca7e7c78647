package io.github.entraauth.livy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Rows of a SQL or {@code %table} result with their column names and Spark types.
 *
 * @param columns the columns, in order
 * @param rows the rows; values are {@code String}, {@code Number}, {@code Boolean}, {@code null},
 * or a Jackson {@code JsonNode} for nested values
 */
public record ResultTable(List<Column> columns, List<List<@Nullable Object>> rows) {

	/**
	 * One column.
	 *
	 * @param name the name
	 * @param type the Spark type, for example {@code integer}, {@code string} or {@code decimal(10,2)}
	 */
	public record Column(String name, String type) {
	}

	/**
	 * The column names, in order.
	 * @return the names
	 */
	public List<String> columnNames() {
		return this.columns.stream().map(Column::name).toList();
	}

}
