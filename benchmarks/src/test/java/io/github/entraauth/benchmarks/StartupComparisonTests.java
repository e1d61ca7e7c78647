package io.github.entraauth.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval the startup figure prints next to its median ratio. */
class StartupComparisonTests {

	@Test
	void intervalOfEqualRatiosIsThatRatio() {
		assertThat(StartupComparison.bootstrapInterval(new double[] { 1.1, 1.1, 1.1 })).containsExactly(1.1, 1.1);
	}

	@Test
	void intervalHoldsTheMedianAndWidensWithTheSpread() {
		double[] narrow = { 1.04, 1.05, 1.05, 1.06, 1.05, 1.04, 1.06, 1.05, 1.05, 1.06, 1.04, 1.05, 1.05, 1.06, 1.05 };
		double[] wide = { 0.90, 1.05, 1.20, 0.95, 1.05, 1.15, 1.00, 1.05, 1.10, 0.92, 1.05, 1.18, 0.98, 1.05, 1.12 };
		double[] narrowInterval = StartupComparison.bootstrapInterval(narrow);
		double[] wideInterval = StartupComparison.bootstrapInterval(wide);
		assertThat(narrowInterval[0]).isLessThanOrEqualTo(1.05);
		assertThat(narrowInterval[1]).isGreaterThanOrEqualTo(1.05);
		assertThat(wideInterval[0]).isLessThan(narrowInterval[0]);
		assertThat(wideInterval[1]).isGreaterThan(narrowInterval[1]);
	}

	@Test
	void noPairsGiveNoInterval() {
		assertThat(StartupComparison.bootstrapInterval(new double[0])).containsExactly(Double.NaN, Double.NaN);
	}

}
