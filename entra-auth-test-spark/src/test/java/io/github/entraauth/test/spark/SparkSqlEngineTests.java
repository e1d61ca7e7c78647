package io.github.entraauth.test.spark;

import java.util.List;
import java.util.Locale;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.LivyStatementException;
import io.github.entraauth.livy.ResultTable;
import io.github.entraauth.livy.StatementResult;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.LivyEmulator.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spark-only SQL through the library against both emulator dialects with real Spark behind them: typed results in
 * Livy's shape, Spark's own error messages, parquet tables shared by sessions and temporary views kept per session.
 * One local Spark serves the whole class.
 */
class SparkSqlEngineTests {

	private static LivyEmulator fabric;

	private static LivyEmulator apache;

	@BeforeAll
	static void startEmulators() {
		fabric = LivyEmulator.fabric();
		apache = LivyEmulator.apache();
	}

	@AfterAll
	static void stopEmulators() {
		fabric.close();
		apache.close();
	}

	private static LivyEmulator emulator(Dialect dialect) {
		return (dialect == Dialect.FABRIC) ? fabric : apache;
	}

	@Test
	void emulatorsFindSparkOnTheClasspath() {
		assertThat(fabric.sqlEngine()).isEqualTo("spark");
		assertThat(apache.sqlEngine()).isEqualTo("spark");
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void explodeReturnsOneTypedRowPerElement(Dialect dialect) {
		try (LivyService livy = SparkLivy.service(emulator(dialect)); LivySession session = livy.startSession()) {
			ResultTable table = table(session.sql("SELECT explode(array(1, 2, 3))"));
			assertThat(table.columns()).containsExactly(new ResultTable.Column("col", "integer"));
			assertThat(table.rows()).containsExactly(List.of(1), List.of(2), List.of(3));
		}
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void windowFunctionsAndLateralViewRunAsOnSpark(Dialect dialect) {
		try (LivyService livy = SparkLivy.service(emulator(dialect)); LivySession session = livy.startSession()) {
			ResultTable ranked = table(session.sql("SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY v DESC) AS rn "
					+ "FROM VALUES ('a', 1L), ('a', 2L), ('b', 3L) AS t(k, v) ORDER BY k, rn"));
			assertThat(ranked.columns()).extracting(ResultTable.Column::type).containsExactly("string", "long", "integer");
			assertThat(ranked.rows()).containsExactly(List.of("a", 2L, 1), List.of("a", 1L, 2), List.of("b", 3L, 1));
			ResultTable exploded = table(session.sql(
					"SELECT id, x FROM (SELECT 1 AS id, array('p', 'q') AS xs) LATERAL VIEW explode(xs) e AS x ORDER BY x"));
			assertThat(exploded.rows()).containsExactly(List.of(1, "p"), List.of(1, "q"));
		}
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void parquetTablesAreSharedBySessionsAndTempViewsAreNot(Dialect dialect) {
		String table = "sales_" + dialect.name().toLowerCase(Locale.ROOT);
		try (LivyService livy = SparkLivy.service(emulator(dialect));
				LivySession writer = livy.startSession();
				LivySession reader = livy.startSession()) {
			writer.sql("CREATE TABLE " + table + " (region STRING, amount DECIMAL(10,2)) USING parquet");
			writer.sql("INSERT INTO " + table + " VALUES ('north', 10.50), ('south', 2.25)");
			writer.sql("CREATE TEMPORARY VIEW mine AS SELECT 1 AS one");
			ResultTable totals = table(reader.sql("SELECT sum(amount) AS total FROM " + table));
			assertThat(totals.columns()).containsExactly(new ResultTable.Column("total", "decimal(20,2)"));
			assertThat(totals.rows()).hasSize(1);
			assertThat(new java.math.BigDecimal(totals.rows().get(0).get(0).toString())).isEqualByComparingTo("12.75");
			assertThat(table(writer.sql("SELECT one FROM mine")).rows()).containsExactly(List.of(1));
			assertThatExceptionOfType(LivyStatementException.class).isThrownBy(() -> reader.sql("SELECT one FROM mine"))
				.satisfies((ex) -> assertThat(ex.getEvalue()).contains("TABLE_OR_VIEW_NOT_FOUND"));
			writer.sql("DROP TABLE " + table);
		}
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void sparkErrorsArriveInLivysErrorShape(Dialect dialect) {
		try (LivyService livy = SparkLivy.service(emulator(dialect)); LivySession session = livy.startSession()) {
			assertThatExceptionOfType(LivyStatementException.class)
				.isThrownBy(() -> session.sql("SELECT * FROM system_range(1, 3)"))
				.satisfies((ex) -> {
					assertThat(ex.getEname()).isEqualTo("AnalysisException");
					assertThat(ex.getEvalue()).contains("system_range");
					assertThat(ex.getTraceback()).isNotEmpty();
				});
			assertThatExceptionOfType(LivyStatementException.class).isThrownBy(() -> session.sql("SELEC 1"))
				.satisfies((ex) -> {
					assertThat(ex.getEname()).isEqualTo("ParseException");
					assertThat(ex.getEvalue()).contains("PARSE_SYNTAX_ERROR");
				});
		}
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void rowsStopAtLivysCapSilently(Dialect dialect) {
		try (LivyService livy = SparkLivy.service(emulator(dialect)); LivySession session = livy.startSession()) {
			StatementResult result = session.sql("SELECT id FROM range(1500)");
			assertThat(result.table()).isNotNull();
			assertThat(result.table().columns()).containsExactly(new ResultTable.Column("id", "long"));
			assertThat(result.table().rows()).hasSize(1000);
			assertThat(result.truncated()).isTrue();
		}
	}

	private static ResultTable table(StatementResult result) {
		assertThat(result.status()).isEqualTo("ok");
		assertThat(result.table()).isNotNull();
		return result.table();
	}

}
