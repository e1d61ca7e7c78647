package io.github.entraauth.test.livy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs {@code sql} statements on one in-memory H2 database shared by every session of an
 * emulator (like the tables of a lakehouse) and renders rows as Livy's {@code {schema, data}}.
 */
final class H2SqlExecutor implements AutoCloseable {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final String url = "jdbc:h2:mem:livy-emulator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final Connection keepOpen;

	H2SqlExecutor() {
		try {
			this.keepOpen = DriverManager.getConnection(this.url);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot open the emulator's H2 database", ex);
		}
	}

	String url() {
		return this.url;
	}

	StatementOutput execute(String sql, int rowCap) {
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement()) {
			boolean hasRows = statement.execute(sql);
			if (!hasRows) {
				return StatementOutput.json(table(nodes.arrayNode(), nodes.arrayNode()));
			}
			try (ResultSet rows = statement.getResultSet()) {
				return StatementOutput.json(render(rows, rowCap));
			}
		}
		catch (SQLException ex) {
			String message = ex.getMessage();
			return StatementOutput.error("AnalysisException", (message != null) ? message : ex.toString(),
					"org.apache.spark.sql.AnalysisException: " + message, "\tat emulated.sql(Unknown Source)");
		}
	}

	private static JsonNode render(ResultSet rows, int rowCap) throws SQLException {
		ResultSetMetaData meta = rows.getMetaData();
		ArrayNode fields = nodes.arrayNode();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			ObjectNode field = fields.addObject();
			field.put("name", meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
			field.put("type", sparkType(meta, i));
			field.put("nullable", meta.isNullable(i) != ResultSetMetaData.columnNoNulls);
			field.putObject("metadata");
		}
		ArrayNode data = nodes.arrayNode();
		int count = 0;
		while (rows.next() && count++ < rowCap) {
			ArrayNode row = data.addArray();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				Object value = rows.getObject(i);
				if (value == null) {
					row.addNull();
				}
				else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
					row.add(((Number) value).intValue());
				}
				else if (value instanceof Long longValue) {
					row.add(longValue);
				}
				else if (value instanceof Double || value instanceof Float) {
					row.add(((Number) value).doubleValue());
				}
				else if (value instanceof BigDecimal decimal) {
					row.add(decimal);
				}
				else if (value instanceof Boolean bool) {
					row.add(bool);
				}
				else {
					row.add(value.toString());
				}
			}
		}
		return table(fields, data);
	}

	private static JsonNode table(ArrayNode fields, ArrayNode data) {
		ObjectNode result = nodes.objectNode();
		ObjectNode schema = result.putObject("schema");
		schema.put("type", "struct");
		schema.set("fields", fields);
		result.set("data", data);
		return result;
	}

	private static String sparkType(ResultSetMetaData meta, int column) throws SQLException {
		return switch (meta.getColumnType(column)) {
			case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "integer";
			case Types.BIGINT -> "long";
			case Types.DOUBLE, Types.FLOAT -> "double";
			case Types.REAL -> "float";
			case Types.DECIMAL, Types.NUMERIC -> "decimal(" + meta.getPrecision(column) + "," + meta.getScale(column) + ")";
			case Types.BOOLEAN, Types.BIT -> "boolean";
			case Types.DATE -> "date";
			case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp";
			default -> "string";
		};
	}

	@Override
	public void close() {
		try (Statement statement = this.keepOpen.createStatement()) {
			statement.execute("SHUTDOWN");
		}
		catch (SQLException ex) {
			// already closed
		}
		try {
			this.keepOpen.close();
		}
		catch (SQLException ex) {
			// already closed
		}
	}

}
