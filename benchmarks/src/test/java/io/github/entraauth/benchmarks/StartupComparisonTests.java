package io.github.entraauth.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval the startup figure prints next to its median ratio, and its CPU columns. */
class StartupComparisonTests {

	@Test
	void intervalOfEqualRatiosIsThatRatio() {
		assertThat(StartupComparison.bootstrapInterval(new double[] { 1.1, 1.1, 1.1 })).containsExactly(1.1, 1.1);
	}

	@Test
	void intervalHoldsTheMedianWidensWithTheSpreadAndLeavesOutTheExtremes() {
		double[] narrow = { 1.04, 1.05, 1.05, 1.06, 1.05, 1.04, 1.06, 1.05, 1.05, 1.06, 1.04, 1.05, 1.05, 1.06, 1.05 };
		double[] wide = { 0.90, 1.05, 1.20, 0.95, 1.05, 1.15, 1.00, 1.05, 1.10, 0.92, 1.05, 1.18, 0.98, 1.05, 1.12 };
		double[] narrowInterval = StartupComparison.bootstrapInterval(narrow);
		double[] wideInterval = StartupComparison.bootstrapInterval(wide);
		assertThat(narrowInterval[0]).isLessThanOrEqualTo(1.05);
		assertThat(narrowInterval[1]).isGreaterThanOrEqualTo(1.05);
		assertThat(wideInterval[0]).isLessThan(narrowInterval[0]);
		assertThat(wideInterval[1]).isGreaterThan(narrowInterval[1]);
		// a resampled median of 15 rarely lands on the smallest or largest ratio: not the range of the values
		assertThat(wideInterval[0]).isGreaterThan(0.90);
		assertThat(wideInterval[1]).isLessThan(1.20);
	}

	@Test
	void rowLeavesOutTheWaitForACoreWhereItCouldNotBeRead() {
		assertThat(BenchmarkSuite.cpu(outcome(120))).isEqualTo("main thread 1500 ms CPU + 120 ms waiting for a core, "
				+ "process 3400 ms CPU");
		assertThat(BenchmarkSuite.cpu(outcome(-1))).isEqualTo("main thread 1500 ms CPU, process 3400 ms CPU");
	}

	private static StartupComparison.Outcome outcome(long runnableMillis) {
		return new StartupComparison.Outcome("starter", 2000, 15, 1.1, 1.05, 1.15, 200, 1500, runnableMillis, 3400, 7000,
				700, "ok", "[]", "JsonKafkaHeaderMapper", 15, 0, "");
	}

	@Test
	void noPairsGiveNoInterval() {
		assertThat(StartupComparison.bootstrapInterval(new double[0])).containsExactly(Double.NaN, Double.NaN);
	}

}
