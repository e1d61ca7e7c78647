package io.github.entraauth.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs one benchmark class through JMH's {@link Runner} at a {@link Scale}. */
final class Jmh {

	private Jmh() {
	}

	/**
	 * Runs every benchmark of a class.
	 * @param benchmark the class
	 * @param scale smoke: no fork, no warm-up, one 200 ms iteration; full: as {@code full} sets
	 * @param full the iteration settings of the full run (forks, warm-up, measurement)
	 * @return the results, one per benchmark method, mode and parameter combination
	 */
	static Collection<RunResult> run(Class<?> benchmark, Scale scale, UnaryOperator<ChainedOptionsBuilder> full) {
		return run(benchmark, scale, UnaryOperator.identity(), full);
	}

	/**
	 * Runs every benchmark of a class with settings for both scales (such as profilers) and the
	 * iteration settings of the full run.
	 */
	static Collection<RunResult> run(Class<?> benchmark, Scale scale, UnaryOperator<ChainedOptionsBuilder> always,
			UnaryOperator<ChainedOptionsBuilder> full) {
		ChainedOptionsBuilder options = always.apply(new OptionsBuilder()
			.include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
			.shouldFailOnError(true));
		if (scale == Scale.SMOKE) {
			options.forks(0)
				.warmupIterations(0)
				.measurementIterations(1)
				.measurementTime(TimeValue.milliseconds(200))
				.verbosity(VerboseMode.SILENT);
		}
		else {
			options = full.apply(options.forks(1).jvmArgsAppend("-Xms1g", "-Xmx1g"));
		}
		try {
			Collection<RunResult> results = new Runner(options.build()).run();
			if (results.isEmpty()) {
				throw new IllegalStateException("JMH found no benchmark in " + benchmark.getName());
			}
			return results;
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH run of " + benchmark.getSimpleName() + " failed", ex);
		}
	}

	/**
	 * The result of one benchmark method (by simple name), in one mode (or any if {@code null}) and,
	 * optionally, with one parameter value.
	 */
	static RunResult find(Collection<RunResult> results, String method, org.openjdk.jmh.annotations.@Nullable Mode mode,
			String... paramNameValue) {
		List<RunResult> found = results.stream()
			.filter((result) -> result.getParams().getBenchmark().endsWith("." + method))
			.filter((result) -> mode == null || result.getParams().getMode() == mode)
			.filter((result) -> paramNameValue.length == 0
					|| paramNameValue[1].equals(result.getParams().getParam(paramNameValue[0])))
			.toList();
		if (found.size() != 1) {
			throw new IllegalStateException("Expected one result for " + method + " " + List.of(paramNameValue)
					+ ", found " + found.size());
		}
		return found.get(0);
	}

	static TimeValue seconds(int seconds) {
		return new TimeValue(seconds, TimeUnit.SECONDS);
	}

}
