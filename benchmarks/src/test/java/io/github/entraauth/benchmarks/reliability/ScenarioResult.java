package io.github.entraauth.benchmarks.reliability;

/**
 * One row of the reliability table: what ran, how time was compressed, what was counted, and
 * whether the scenario's invariant held.
 *
 * @param scenario the scenario's name
 * @param compression how the run maps onto the production time scale
 * @param figures what was counted
 * @param invariant what must hold
 * @param passed whether it held
 */
record ScenarioResult(String scenario, String compression, String figures, String invariant, boolean passed) {

	String row() {
		return "| " + this.scenario + " | " + this.compression + " | " + this.figures + " | " + this.invariant + " | "
				+ (this.passed ? "pass" : "**FAIL**") + " |";
	}

}
