package io.github.entraauth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import static io.github.entraauth.benchmarks.Results.fixed;

/**
 * Runs every benchmark against its baseline and prints the results table (also written to
 * {@code target/benchmark-results.md}). {@code main} is the full run of the README; the tests run
 * the same figures at {@link Scale#SMOKE}.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws IOException {
		Scale scale = (args.length > 0) ? Scale.valueOf(args[0].toUpperCase(java.util.Locale.ROOT)) : Scale.FULL;
		Instant started = Instant.now();
		Results results = new Results();
		Map<String, java.util.function.BiConsumer<Scale, Results>> figures = new java.util.LinkedHashMap<>();
		figures.put("token-read", BenchmarkSuite::tokenRead);
		figures.put("herd", BenchmarkSuite::thunderingHerd);
		figures.put("kafka", BenchmarkSuite::kafka);
		figures.put("redis", BenchmarkSuite::redis);
		figures.put("livy", BenchmarkSuite::livy);
		figures.put("startup", BenchmarkSuite::startup);
		// further arguments pick figures by name; none runs them all
		List<String> chosen = (args.length > 1) ? List.of(args).subList(1, args.length) : List.copyOf(figures.keySet());
		for (var figure : chosen.stream().map(figures::get).toList()) {
			// one figure failing must not lose the others' results
			try {
				figure.accept(scale, results);
			}
			catch (RuntimeException ex) {
				results.add("a figure failed to run", ex.toString(), "-", "-", "-", false);
				ex.printStackTrace();
			}
		}
		results.note("Run at " + started + " for " + Duration.between(started, Instant.now()).toSeconds() + " s on "
				+ Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.version") + ", scale " + scale + ".");
		String table = results.markdown();
		System.out.println(table);
		Files.writeString(StartupComparison.target().resolve("benchmark-results.md"), table);
	}

	/** Figure 1: cached token read, ns/op and B/op, against azure-identity's getTokenSync. */
	static void tokenRead(Scale scale, Results results) {
		Collection<RunResult> run = Jmh.run(TokenReadBenchmark.class, scale,
				(options) -> options.addProfiler(GCProfiler.class), (options) -> options.warmupIterations(3)
			.warmupTime(Jmh.seconds(2))
			.measurementIterations(5)
			.measurementTime(Jmh.seconds(2)));
		RunResult ours = Jmh.find(run, "tokenManager", null);
		RunResult baseline = Jmh.find(run, "azureIdentityGetTokenSync", null);
		double oursNs = ours.getPrimaryResult().getScore();
		double baselineNs = baseline.getPrimaryResult().getScore();
		double oursBytes = allocation(ours);
		double baselineBytes = allocation(baseline);
		results.add("1. cached token read, `TokenManager.token()` vs warm `ClientSecretCredential.getTokenSync`",
				fixed(oursNs, 1) + " ns/op ± " + fixed(ours.getPrimaryResult().getScoreError(), 1),
				fixed(baselineNs, 1) + " ns/op ± " + fixed(baseline.getPrimaryResult().getScoreError(), 1),
				fixed(oursNs / baselineNs, 4) + " (" + fixed(baselineNs / oursNs, 0) + "× faster)", "≤ 50 ns",
				oursNs <= 50);
		results.add("1. allocation per cached token read (`-prof gc`, gc.alloc.rate.norm)", fixed(oursBytes, 1) + " B/op",
				fixed(baselineBytes, 1) + " B/op", (baselineBytes > 0) ? fixed(oursBytes / baselineBytes, 4) : "-",
				"0 B/op", oursBytes < 0.5);
	}

	private static double allocation(RunResult result) {
		Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
		if (norm == null) {
			throw new IllegalStateException("GC profiler reported no allocation for " + result.getParams().getBenchmark());
		}
		return norm.getScore();
	}

	/** Figure 2: Entra requests made by 1,000 callers at an expired token. */
	static void thunderingHerd(Scale scale, Results results) {
		ThunderingHerd.Outcome outcome = ThunderingHerd.run((scale == Scale.FULL) ? 1000 : 4);
		ThunderingHerd.Side ours = outcome.manager();
		ThunderingHerd.Side baseline = outcome.credential();
		results.add("2. thundering herd: Entra token requests for " + outcome.callers()
				+ " concurrent callers the moment the cached token expired", describe(ours),
				describe(baseline) + " (azure-identity credential called directly)",
				fixed((double) ours.requests() / Math.max(1, baseline.requests()), 4), "1",
				ours.requests() == 1 && ours.failedCallers() == 0 && ours.unfinishedCallers() == 0);
	}

	private static String describe(ThunderingHerd.Side side) {
		return side.requests() + " request(s), " + side.failedCallers() + " failed caller(s)"
				+ (side.firstFailure().isEmpty() ? "" : " (" + side.firstFailure() + ")")
				+ ((side.unfinishedCallers() > 0) ? ", " + side.unfinishedCallers() + " still waiting after " + side.millis()
						+ " ms" : ", all returned in " + side.millis() + " ms");
	}

	/** Figure 3: Kafka produce throughput, OAUTHBEARER with re-auth every 10 s vs PLAINTEXT. */
	static void kafka(Scale scale, Results results) {
		Collection<RunResult> run = Jmh.run(KafkaProduceBenchmark.class, scale, (options) -> options.warmupIterations(2)
			.warmupTime(Jmh.seconds(5))
			.measurementIterations(5)
			.measurementTime(Jmh.seconds(12)));
		RunResult ours = Jmh.find(run, "produce", null, "listener", "oauthbearer");
		RunResult baseline = Jmh.find(run, "produce", null, "listener", "plaintext");
		double oursRate = ours.getPrimaryResult().getScore() * KafkaProduceBenchmark.BATCH;
		double baselineRate = baseline.getPrimaryResult().getScore() * KafkaProduceBenchmark.BATCH;
		double ratio = oursRate / baselineRate;
		long errors = Math.round(secondary(ours, "errors"));
		results.add("3. Kafka produce, 256-byte records, batches of " + KafkaProduceBenchmark.BATCH
				+ " sent + flushed, OAUTHBEARER listener with re-auth every 10 s vs PLAINTEXT listener of the same broker",
				fixed(oursRate, 0) + " records/s (" + Math.round(secondary(ours, "reauths")) + " re-auths, " + errors
						+ " failed sends while measured)",
				fixed(baselineRate, 0) + " records/s (" + Math.round(secondary(baseline, "errors")) + " failed sends)",
				fixed(ratio, 3), "≥ 0.98", ratio >= 0.98 && errors == 0);
	}

	/** Figure 4: Redis GET/SET throughput and p99 with re-AUTH every second vs a static password. */
	static void redis(Scale scale, Results results) {
		Collection<RunResult> run = Jmh.run(RedisBenchmark.class, scale, (options) -> options.warmupIterations(1)
			.warmupTime(Jmh.seconds(5))
			.measurementIterations(3)
			.measurementTime(Jmh.seconds(10)));
		for (String op : List.of("get", "set")) {
			RunResult entraThroughput = Jmh.find(run, op, Mode.Throughput, "auth", "entra");
			RunResult staticThroughput = Jmh.find(run, op, Mode.Throughput, "auth", "static");
			RunResult entraSample = Jmh.find(run, op, Mode.SampleTime, "auth", "entra");
			RunResult staticSample = Jmh.find(run, op, Mode.SampleTime, "auth", "static");
			double entraOps = entraThroughput.getPrimaryResult().getScore() * 1000;
			double staticOps = staticThroughput.getPrimaryResult().getScore() * 1000;
			double ratio = entraOps / staticOps;
			double entraP99 = entraSample.getPrimaryResult().getStatistics().getPercentile(99);
			double staticP99 = staticSample.getPrimaryResult().getStatistics().getPercentile(99);
			long errors = Math.round(secondary(entraThroughput, "errors") + secondary(entraSample, "errors"));
			long baselineErrors = Math.round(secondary(staticThroughput, "errors") + secondary(staticSample, "errors"));
			long reauths = Math.round(secondary(entraThroughput, "reauths") + secondary(entraSample, "reauths"));
			String name = op.toUpperCase(java.util.Locale.ROOT);
			results.add("4. Redis " + name + " throughput, 1 connection, re-AUTH ~every 1 s vs static password",
					fixed(entraOps, 0) + " ops/s (" + reauths + " re-AUTHs while measured)", fixed(staticOps, 0) + " ops/s",
					fixed(ratio, 3), "≥ 0.98", ratio >= 0.98 && (scale == Scale.SMOKE || reauths > 0));
			results.add("4. Redis " + name + " p99 latency (same runs, sampled)", fixed(entraP99, 3) + " ms",
					fixed(staticP99, 3) + " ms", "+" + fixed(entraP99 - staticP99, 3) + " ms added", "≤ +1 ms",
					entraP99 - staticP99 <= 1.0);
			results.add("4. Redis " + name + " errors (failed commands while measured)", Long.toString(errors),
					Long.toString(baselineErrors), "-", "0", errors == 0);
		}
	}

	private static double secondary(RunResult result, String name) {
		Result<?> counter = result.getSecondaryResults().get(name);
		return (counter != null) ? counter.getScore() : 0;
	}

	/** Figure 5: Livy client cost per statement over the bare HTTP calls. */
	static void livy(Scale scale, Results results) {
		Collection<RunResult> run = Jmh.run(LivyBenchmark.class, scale, (options) -> options.warmupIterations(2)
			.warmupTime(Jmh.seconds(5))
			.measurementIterations(5)
			.measurementTime(Jmh.seconds(5)));
		double serviceMs = Jmh.find(run, "livyService", null).getPrimaryResult().getScore() / 1000;
		double rawMs = Jmh.find(run, "rawHttp", null).getPrimaryResult().getScore() / 1000;
		results.add("5. Livy statement (submit + poll + result) through `LivySession.run` vs bare JDK HttpClient calls",
				fixed(serviceMs, 3) + " ms/statement", fixed(rawMs, 3) + " ms/statement",
				fixed(serviceMs / rawMs, 2) + " (overhead +" + fixed(serviceMs - rawMs, 3) + " ms)", "≤ +25 ms",
				serviceMs - rawMs <= 25);
	}

	/** Where a start's time went: its own thread's CPU, its wait for a core, and every thread's CPU. */
	static String cpu(StartupComparison.Outcome outcome) {
		String waited = (outcome.medianMainThreadRunnableMillis() < 0) ? ""
				: " + " + outcome.medianMainThreadRunnableMillis() + " ms waiting for a core";
		return "main thread " + outcome.medianMainThreadCpuMillis() + " ms CPU" + waited + ", process "
				+ outcome.medianProcessCpuMillis() + " ms CPU";
	}

	/** Figure 6: context start with and without the starter, and the jars it adds. */
	static void startup(Scale scale, Results results) {
		Map<String, StartupComparison.Outcome> outcomes = StartupComparison.run((scale == Scale.FULL) ? 15 : 1);
		for (StartupComparison.Outcome outcome : outcomes.values()) {
			StartupComparison.Outcome plain = outcomes.get(StartupComparison.baseline(outcome.variant()));
			if (outcome.starts() == 0) {
				results.add("6. context start, " + outcome.variant(), "did not start: " + outcome.failure(),
						(outcome == plain) ? "-" : plain.medianMillis() + " ms", "-", "starts", false);
				continue;
			}
			if (outcome == plain) {
				continue;
			}
			boolean timed = outcome.variant().equals("starter");
			boolean paired = outcome.pairs() > 0;
			results.add("6. context start (" + outcome.starts() + " fresh JVMs, " + outcome.pairs() + " paired with the "
					+ plain.variant() + " app's start in the same round), " + outcome.variant() + "; then every token: "
					+ outcome.medianFirstTokenMillis() + " ms (" + outcome.token() + "); Kafka header mapper: "
					+ outcome.headerMapper(),
					outcome.medianMillis() + " ms, " + cpu(outcome) + ", " + outcome.medianLoadedClasses()
							+ " classes loaded",
					plain.medianMillis() + " ms, " + cpu(plain) + ", " + plain.medianLoadedClasses() + " classes ("
							+ plain.variant() + " Kafka + Redis app, "
							+ plain.headerMapper() + ")",
					paired ? fixed(outcome.medianRatio(), 3) + " ("
							+ String.format(java.util.Locale.ROOT, "%+d", outcome.medianAddedMillis())
							+ " ms; medians of the pairs; 95 % interval " + fixed(outcome.ratioLow(), 3) + "–"
							+ fixed(outcome.ratioHigh(), 3) + ")" : "no pair",
					timed ? "≤ 1.05×" : "(investigation)", paired && (!timed || outcome.medianRatio() <= 1.05));
		}
		List<Path> additions = StartupComparison.starterAdditions();
		List<Path> plainJars = StartupComparison.plainAppJars();
		results.add("6. jars the starter adds to a Boot app's runtime classpath", additions.size() + " (" + String.join(", ",
				additions.stream().map(BenchmarkSuite::artifactName).toList()) + ")",
				plainJars.size() + " jars in the plain Kafka + Redis app", "-", "≤ 15", additions.size() <= 15);
		results.note("Beans whose type is Jackson 2 in the `starter` variant: " + outcomes.get("starter").jackson2Beans());
		if (scale == Scale.FULL) {
			jnaExclusion(results);
		}
	}

	/** Which credential types still give a token without the JNA and msal4j-persistence jars. */
	static void jnaExclusion(Results results) {
		JnaExclusion.run().forEach((type, outcome) -> results.note("Token from credential `" + type
				+ "` (AZURE_TOKEN_CREDENTIALS=dev, fake az): with JNA/msal4j-persistence jars: " + outcome.get(0)
				+ "; without them: " + outcome.get(1)));
	}

	/** A jar's file name, or the module name for a reactor module's classes directory. */
	private static String artifactName(Path entry) {
		String file = entry.getFileName().toString();
		return file.equals("classes") ? entry.getParent().getParent().getFileName().toString() : file;
	}

}
