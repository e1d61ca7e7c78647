package io.github.entraauth.livy;

import java.math.BigDecimal;
import java.util.List;

import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.test.livy.StatementOutput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A whole session lifecycle against the emulator, in both dialects, through the auto-configured
 * {@link LivyService}.
 */
class LivyServiceLifecycleTests {

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void runsSqlAndScriptedStatementsInASessionAndDeletesItOnClose(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.executeSql("create table people(id int, name varchar(20), score decimal(5,2))");
			emulator.executeSql("insert into people values (1, 'Ada', 91.50), (2, 'Linus', 78.25)");
			emulator.script("pyspark", "print\\(1 \\+ 1\\)", StatementOutput.ok("2"));
			LivyTestServices.run(emulator, (livy) -> {
				assertThat(livy.dialect().name()).isEqualTo(dialect.name());
				String sessionId;
				try (LivySession session = livy.startSession()) {
					sessionId = session.id();
					assertThat(session.name()).startsWith("test-");
					assertThat(session.state()).isEqualTo("idle");

					StatementResult rows = session.sql("select id, name, score from people order by id");
					assertThat(rows.state()).isEqualTo("available");
					assertThat(rows.status()).isEqualTo("ok");
					assertThat(rows.truncated()).isFalse();
					assertThat(rows.table()).isNotNull();
					assertThat(rows.table().columnNames()).containsExactly("id", "name", "score");
					assertThat(rows.table().columns()).extracting(ResultTable.Column::type)
						.containsExactly("integer", "string", "decimal(5,2)");
					assertThat(rows.table().rows()).containsExactly(List.of(1, "Ada", new BigDecimal("91.50")),
							List.of(2, "Linus", new BigDecimal("78.25")));

					// one poll sees running, one sees available with a null output, the next has the rows
					assertThat(emulator.requests("GET", "/sessions/[^/]+/statements/0")).hasSize(3);
					assertThat(emulator.requests("POST", "/sessions/[^/]+/statements")).hasSize(1);

					StatementResult printed = session.run("pyspark", "print(1 + 1)");
					assertThat(printed.text()).isEqualTo("2");
					assertThat(printed.table()).isNull();

					assertThat(session.log()).anyMatch((line) -> line.contains("created"));
					assertThat(livy.listSessions()).extracting(SessionInfo::id).contains(sessionId);
					assertThat(livy.getSession(sessionId)).hasValueSatisfying(
							(info) -> assertThat(info.name()).isEqualTo(session.name()));
					assertThat(livy.openSessions()).containsExactly(session);
				}
				assertThat(emulator.sessionIds()).isEmpty();
				assertThat(livy.getSession(sessionId)).isEmpty();
				assertThat(livy.openSessions()).isEmpty();
				assertThat(emulator.requests("POST", "/sessions")).hasSize(1);
				assertThat(emulator.requests()).extracting(RecordedLivyRequest::status)
					.allMatch((status) -> status < 400 || status == 404);
				if (dialect == LivyEmulator.Dialect.APACHE) {
					assertThat(emulator.requests()).allMatch((request) -> request.requestedBy() != null);
				}
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void mapsStatementErrorsToLivyStatementException(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.script("pyspark", "undefined_name", StatementOutput.error("NameError",
					"name 'undefined_name' is not defined", "Traceback (most recent call last):", "NameError: ..."));
			LivyTestServices.run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThatExceptionOfType(LivyStatementException.class)
						.isThrownBy(() -> session.run("undefined_name"))
						.satisfies((ex) -> {
							assertThat(ex.getEname()).isEqualTo("NameError");
							assertThat(ex.getEvalue()).isEqualTo("name 'undefined_name' is not defined");
							assertThat(ex.getTraceback()).containsExactly("Traceback (most recent call last):",
									"NameError: ...");
						});
					assertThatExceptionOfType(LivyStatementException.class)
						.isThrownBy(() -> session.sql("select * from no_such_table"))
						.satisfies((ex) -> assertThat(ex.getEname()).isEqualTo("AnalysisException"));
					assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));
				}
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void cancelsARunningStatement(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.script("spark", "while \\(true\\) \\{\\}", StatementOutput.runsUntilCancelled());
			LivyTestServices.run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					Statement statement = session.submit("spark", "while (true) {}");
					assertThat(statement.state()).isEqualTo("running");
					assertThat(session.state()).isEqualTo("busy");
					statement.cancel();
					StatementResult result = statement.await();
					assertThat(result.cancelled()).isTrue();
					assertThat(session.state()).isEqualTo("idle");
				}
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void warnsAndFlagsSqlResultsThatHitTheRowCap(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect).sqlRowCap(1000)) {
			LivyTestServices.run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					StatementResult capped = session.sql("select x from system_range(1, 1500)");
					assertThat(capped.table().rows()).hasSize(1000);
					assertThat(capped.truncated()).isTrue();
					StatementResult small = session.sql("select x from system_range(1, 10)");
					assertThat(small.truncated()).isFalse();
				}
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void runsBatchesToTheirFinalStateAndReadsTheirLog(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect).batchOutcome(".*broken.*", "dead")) {
			LivyTestServices.run(emulator, (livy) -> {
				Batch submitted = livy.submitBatch(BatchRequest.of("abfss://files/job.py", "--day", "2026-01-01"));
				assertThat(submitted.name()).startsWith("test-batch-");
				assertThat(livy.awaitBatchAsync(submitted.id()).join().state()).isEqualTo("success");
				assertThat(livy.batchLog(submitted.id())).anyMatch((line) -> line.contains("job.py"));

				Batch broken = livy.submitBatch(BatchRequest.of("abfss://files/broken.jar").withClassName("a.Main"));
				assertThat(livy.awaitBatch(broken.id()).state()).isEqualTo("dead");

				Batch killed = livy.submitBatch(BatchRequest.of("abfss://files/long.py"));
				livy.killBatch(killed.id());
				livy.killBatch(killed.id());
				assertThat(emulator.requests("DELETE", "/batches/.*")).hasSize(2);
				assertThat(emulator.requests("POST", "/batches")).hasSize(3);
			});
		}
	}

}
