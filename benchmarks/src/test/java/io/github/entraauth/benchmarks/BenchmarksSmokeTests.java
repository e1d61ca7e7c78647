package io.github.entraauth.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark of the suite at {@link Scale#SMOKE} (JMH in-process, no warm-up, one short
 * iteration) so that the test command proves each one still runs and reports its figure against
 * its baseline. It asserts that results exist, never how fast anything was.
 */
class BenchmarksSmokeTests {

	private final Results results = new Results();

	@AfterEach
	void printTable() {
		System.out.println(this.results.markdown());
	}

	@Test
	void tokenReadReportsTimeAndAllocationOfBothSides() {
		BenchmarkSuite.tokenRead(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).hasSize(2).allSatisfy((row) -> {
			assertThat(row.measured()).matches("[0-9.]+ (ns|B)/op.*");
			assertThat(row.baseline()).matches("[0-9.]+ (ns|B)/op.*");
		});
	}

	@Test
	void thunderingHerdCountsEntraRequestsOfBothSides() {
		BenchmarkSuite.thunderingHerd(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).singleElement().satisfies((row) -> {
			assertThat(row.measured()).matches("[0-9]+ request\\(s\\), 0 failed caller\\(s\\), .*");
			assertThat(row.baseline()).matches("[0-9]+ request\\(s\\), .*");
		});
	}

	@Test
	void kafkaReportsProduceThroughputOfBothListeners() {
		BenchmarkSuite.kafka(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).singleElement().satisfies((row) -> {
			assertThat(row.measured()).matches("[0-9]+ records/s .*");
			assertThat(row.baseline()).matches("[0-9]+ records/s .*");
		});
	}

	@Test
	void redisReportsThroughputLatencyAndErrorsWithBothAuthentications() {
		BenchmarkSuite.redis(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).hasSize(6)
			.filteredOn((row) -> row.figure().contains("throughput"))
			.hasSize(2)
			.allSatisfy((row) -> assertThat(row.baseline()).matches("[0-9]+ ops/s"));
	}

	@Test
	void livyReportsTimePerStatementOfServiceAndBareHttp() {
		BenchmarkSuite.livy(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).singleElement()
			.satisfies((row) -> assertThat(row.measured()).matches("[0-9.]+ ms/statement"));
	}

	@Test
	void startupStartsEveryVariantAndCountsTheStartersJars() {
		BenchmarkSuite.startup(Scale.SMOKE, this.results);
		assertThat(this.results.rows()).filteredOn((row) -> row.figure().startsWith("6. context start"))
			.hasSize(6)
			.filteredOn((row) -> !row.figure().contains("without"))
			.allSatisfy((row) -> {
				// the wait for a core is read from Linux's /proc, and left out where there is none
				String waited = Files.exists(Path.of("/proc/thread-self/schedstat"))
						? " \\+ [0-9]+ ms waiting for a core" : "";
				assertThat(row.measured()).matches(
						"[0-9]+ ms, main thread [0-9]+ ms CPU" + waited + ", process [0-9]+ ms CPU, [0-9]+ classes loaded");
				assertThat(row.ratio()).matches(
						"[0-9]+\\.[0-9]{3} \\([+-][0-9]+ ms; medians of the pairs; 95 % interval [0-9.]+–[0-9.]+\\)");
			});
		// trusting the emulator through the JVM's trust store or an SSL bundle, and processed by Spring AOT and run
		// with spring.aot.enabled, the starter still gets every token
		assertThat(this.results.rows())
			.filteredOn((row) -> row.figure().contains(", starter;") || row.figure().contains(", starter-ssl-bundle;")
					|| row.figure().contains(", starter-aot;"))
			.hasSize(3)
			.allSatisfy((row) -> assertThat(row.figure()).contains("ms (ok)"));
		assertThat(this.results.rows()).filteredOn((row) -> row.figure().contains("jars the starter adds"))
			.singleElement()
			.satisfies((row) -> assertThat(row.measured()).contains("azure-identity"));
	}

}
