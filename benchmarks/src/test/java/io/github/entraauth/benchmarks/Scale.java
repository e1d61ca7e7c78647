package io.github.entraauth.benchmarks;

/** How long each measurement runs: a seconds-long smoke check in the tests, or the real run. */
enum Scale {

	/** Tiny iteration counts, in-process (no JMH fork): proves every benchmark runs and reports. */
	SMOKE,

	/** The figures of the results table. */
	FULL

}
