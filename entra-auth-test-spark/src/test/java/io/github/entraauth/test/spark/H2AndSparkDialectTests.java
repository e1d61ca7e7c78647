package io.github.entraauth.test.spark;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.LivyStatementException;
import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The same SQL on the emulator's two engines, so a test knows which dialect it passes against: Spark SQL that the
 * H2 default rejects, and H2's system_range that real Spark rejects. {@link LivyEmulatorBuilder#h2Sql()} keeps H2
 * even with Spark on the classpath.
 */
class H2AndSparkDialectTests {

	private static LivyEmulator spark;

	private static LivyEmulator h2;

	@BeforeAll
	static void startEmulators() {
		spark = LivyEmulator.fabric();
		h2 = LivyEmulator.builder(LivyEmulator.Dialect.FABRIC).h2Sql().start();
	}

	@AfterAll
	static void stopEmulators() {
		spark.close();
		h2.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT explode(array(1, 2, 3))",
			"SELECT x FROM (SELECT array(1, 2) AS xs) LATERAL VIEW explode(xs) e AS x",
			"SELECT named_struct('a', 1, 'b', 'x') AS s, map('k', 2) AS m",
			"CREATE TABLE dialect_probe (v INT) USING parquet" })
	void sparkSqlRunsOnSparkAndFailsOnH2(String sql) {
		assertThat(spark.sqlEngine()).isEqualTo("spark");
		assertThat(h2.sqlEngine()).isEqualTo("h2");
		try (LivyService livy = SparkLivy.service(spark); LivySession session = livy.startSession()) {
			assertThat(session.sql(sql).status()).isEqualTo("ok");
			session.sql("DROP TABLE IF EXISTS dialect_probe");
		}
		try (LivyService livy = SparkLivy.service(h2); LivySession session = livy.startSession()) {
			assertThatExceptionOfType(LivyStatementException.class).isThrownBy(() -> session.sql(sql));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT x FROM system_range(1, 3)" })
	void h2SqlRunsOnH2AndFailsOnSpark(String sql) {
		try (LivyService livy = SparkLivy.service(h2); LivySession session = livy.startSession()) {
			assertThat(session.sql(sql).table().rows()).hasSize(3);
		}
		try (LivyService livy = SparkLivy.service(spark); LivySession session = livy.startSession()) {
			assertThatExceptionOfType(LivyStatementException.class).isThrownBy(() -> session.sql(sql))
				.satisfies((ex) -> assertThat(ex.getEvalue()).contains("system_range"));
		}
	}

}
