package io.github.entraauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import io.github.entraauth.benchmarks.startup.StartupApp;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.Tls;

/**
 * Figure 6: the context start of {@link StartupApp} in fresh JVMs, with and without the starter,
 * every variant started once per round in an order shuffled each round (so drifting machine load hits all alike and
 * no variant always runs first or after the same one), each start compared with its baseline's start of the same
 * round, and the
 * jars the starter adds. The classpaths come from the files the build writes into
 * {@code target/}: the plain app's runtime classpath and the starter's additions to it.
 * <p>
 * Variants: {@code plain}; {@code starter} (the default configuration: credential configured against the Entra
 * emulator, whose certificate the JVM trusts as it trusts Entra's, Kafka and Redis integrations on; the first Redis
 * token is fetched in the background after the start); {@code starter-await-first-token} (the previous default: the
 * start waits for the first Redis token); {@code starter-redis-off} (Redis integration off);
 * {@code starter-ssl-bundle} (the emulator trusted through a Spring SSL bundle, {@code entra.credential.ssl-bundle},
 * instead of the JVM's trust store); {@code starter-without-jna} (the same as {@code starter} with those jars removed,
 * to see whether they are needed and what they cost); {@code plain-aot} and {@code starter-aot} (the same two apps
 * processed by Spring AOT and started with {@code spring.aot.enabled}).
 */
final class StartupComparison {

	/** One variant: which jars, which program arguments, which JVM arguments. */
	record Variant(String name, List<Path> classpath, List<String> args, List<String> jvmArgs) {

		Variant(String name, List<Path> classpath, List<String> args) {
			this(name, classpath, args, List.of());
		}

		/**
		 * The same start with Spring AOT: the bean definitions generated ahead of time for these arguments
		 * (Boot's {@code SpringApplicationAotProcessor}, compiled here) and {@code -Dspring.aot.enabled=true}.
		 */
		Variant aot() {
			Path output = target().resolve("aot-" + this.name);
			Path sources = output.resolve("sources");
			Path resources = output.resolve("resources");
			Path classes = output.resolve("classes");
			List<String> processor = new ArrayList<>(List.of(java(), "-cp", path(this.classpath),
					"org.springframework.boot.SpringApplicationAotProcessor", StartupApp.class.getName(),
					sources.toString(), resources.toString(), classes.toString(), "io.github.entraauth", "startup"));
			processor.addAll(this.args.stream().filter((arg) -> !arg.equals("--probe-token")).toList());
			run(processor);
			try (Stream<Path> files = Files.walk(sources)) {
				List<String> javac = new ArrayList<>(List.of("-nowarn", "-parameters", "-proc:none", "-d",
						classes.toString(), "-cp", path(this.classpath)));
				files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> javac.add(file.toString()));
				if (ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)) != 0) {
					throw new IllegalStateException("The AOT sources of " + this.name + " do not compile");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Variant(this.name + "-aot", concat(List.of(classes, resources), this.classpath), this.args,
					concat(this.jvmArgs, List.of("-Dspring.aot.enabled=true")));
		}

	}

	/**
	 * The medians of one variant over all rounds, and what its last start printed. {@code medianRatio} and
	 * {@code medianAddedMillis} pair each start with its baseline's start in the same round (the machine's drift
	 * within a run is larger than the difference measured); 1 and 0 for a baseline itself, NaN and -1 without a pair.
	 * {@code ratioLow} and {@code ratioHigh} bound the median ratio's 95 % bootstrap interval.
	 */
	record Outcome(String variant, long medianMillis, int pairs, double medianRatio, double ratioLow,
			double ratioHigh, long medianAddedMillis,
			long medianMainThreadCpuMillis, long medianMainThreadRunnableMillis, long medianProcessCpuMillis,
			long medianLoadedClasses, long medianFirstTokenMillis, String token,
			String jackson2Beans, String headerMapper, int starts, int failures, String failure) {
	}

	private StartupComparison() {
	}

	static Path target() {
		try {
			return Path.of(StartupComparison.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<Path> plainAppJars() {
		return classpathFile("classpath-plain-app.txt");
	}

	static List<Path> starterAdditions() {
		return classpathFile("classpath-starter-additions.txt");
	}

	private static List<Path> classpathFile(String name) {
		try {
			String content = Files.readString(target().resolve(name)).strip();
			return Arrays.stream(content.split(java.io.File.pathSeparator)).filter((s) -> !s.isBlank()).map(Path::of).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Run the build first: " + name + " is written by the dependency plugin", ex);
		}
	}

	static Map<String, Outcome> run(int rounds) {
		try (EntraEmulator emulator = EntraEmulator.start()) {
			emulator.registerSecretClient(EmulatorCredentials.CLIENT_ID, EmulatorCredentials.CLIENT_SECRET);
			List<Variant> variants = variants(emulator);
			Map<String, List<Map<String, String>>> starts = new LinkedHashMap<>();
			Map<String, List<String>> failures = new LinkedHashMap<>();
			variants.forEach((variant) -> {
				starts.put(variant.name(), new ArrayList<>());
				failures.put(variant.name(), new ArrayList<>());
			});
			for (int round = 0; round < rounds; round++) {
				// a new order each round (seeded, so every run uses the same orders): none always runs first or after
				// the same variant
				List<Variant> order = new ArrayList<>(variants);
				Collections.shuffle(order, new Random(round));
				for (Variant variant : order) {
					Map<String, String> printed = start(variant);
					printed.put("round", Integer.toString(round));
					if (printed.containsKey("context-start-ms")) {
						starts.get(variant.name()).add(printed);
					}
					else {
						failures.get(variant.name()).add(printed.getOrDefault("failure", "?"));
					}
				}
			}
			Map<String, Outcome> outcomes = new LinkedHashMap<>();
			for (Variant variant : variants) {
				List<Map<String, String>> ok = starts.get(variant.name());
				List<String> failed = failures.get(variant.name());
				Map<String, String> last = ok.isEmpty() ? Map.of() : ok.get(ok.size() - 1);
				List<long[]> pairs = pairs(ok, starts.get(baseline(variant.name())));
				double[] ratios = pairs.stream().mapToDouble((pair) -> (double) pair[0] / pair[1]).toArray();
				double ratio = pairs.isEmpty() ? Double.NaN : median(Arrays.stream(ratios));
				double[] interval = bootstrapInterval(ratios);
				long added = (long) median(pairs.stream().mapToDouble((pair) -> pair[0] - pair[1]));
				outcomes.put(variant.name(), new Outcome(variant.name(), median(ok, "context-start-ms"), pairs.size(),
						ratio, interval[0], interval[1], added,
						median(ok, "main-thread-cpu-ms"), median(ok, "main-thread-runnable-ms"),
						median(ok, "process-cpu-ms"), median(ok, "loaded-classes"), median(ok, "first-token-ms"),
						last.getOrDefault("token", "-"), last.getOrDefault("jackson2-beans", "-"),
						last.getOrDefault("header-mapper", "-"), ok.size(), failed.size(),
						failed.isEmpty() ? "" : failed.get(0)));
			}
			return outcomes;
		}
	}

	/** The variant each one is compared with: the plain app, processed by AOT for an AOT variant. */
	static String baseline(String variant) {
		return variant.endsWith("-aot") ? "plain-aot" : "plain";
	}

	/** The start times of a variant and of its baseline in the rounds where both started. */
	private static List<long[]> pairs(List<Map<String, String>> starts, List<Map<String, String>> baselineStarts) {
		Map<String, Long> baseline = new LinkedHashMap<>();
		baselineStarts.forEach((printed) -> baseline.put(printed.get("round"), millis(printed)));
		return starts.stream()
			.filter((printed) -> baseline.containsKey(printed.get("round")))
			.map((printed) -> new long[] { millis(printed), baseline.get(printed.get("round")) })
			.toList();
	}

	private static long millis(Map<String, String> printed) {
		return Long.parseLong(printed.get("context-start-ms"));
	}

	private static List<Variant> variants(EntraEmulator emulator) {
		Path app = target().resolve("classes");
		List<Path> plain = concat(List.of(app), plainAppJars());
		List<Path> starter = concat(plain, starterAdditions());
		List<String> common = List.of("--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=1");
		List<String> entra = concat(common, List.of("--entra.credential.type=client-secret",
				"--entra.credential.tenant-id=" + emulator.tenantId(),
				"--entra.credential.client-id=" + EmulatorCredentials.CLIENT_ID,
				"--entra.credential.client-secret=" + EmulatorCredentials.CLIENT_SECRET,
				"--entra.credential.authority-host=" + emulator.authorityHost(),
				"--entra.credential.instance-discovery=false", "--probe-token"));
		// Entra's certificate chains to a CA of the JVM's trust store, so the default configuration has no SSL bundle:
		// the emulator's certificate is added to a copy of the JDK's CAs, which the JVM then loads as it loads cacerts
		List<String> emulatorTrust = List.of("-Djavax.net.ssl.trustStore=" + jdkCasAnd(emulator),
				"-Djavax.net.ssl.trustStorePassword=" + Tls.TRUST_STORE_PASSWORD,
				"-Djavax.net.ssl.trustStoreType=PKCS12");
		Variant plainVariant = new Variant("plain", plain, concat(common, List.of("--spring.data.redis.password=static")));
		Variant starterVariant = new Variant("starter", starter, entra, emulatorTrust);
		return List.of(plainVariant, starterVariant, plainVariant.aot(), starterVariant.aot(),
				new Variant("starter-await-first-token", starter,
						concat(entra, List.of("--entra.redis.await-first-token=true")), emulatorTrust),
				new Variant("starter-redis-off", starter, concat(entra, List.of("--entra.redis.enabled=false")),
						emulatorTrust),
				new Variant("starter-ssl-bundle", starter,
						concat(entra, List.of("--entra.credential.ssl-bundle=entra-emulator",
								"--spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:"
										+ emulator.trustCertificatePem()))),
				new Variant("starter-without-jna", without(starter, StartupComparison::jnaOrPersistence), entra,
						emulatorTrust));
	}

	private static boolean jnaOrPersistence(Path jar) {
		String name = jar.getFileName().toString();
		return name.startsWith("jna") || name.startsWith("msal4j-persistence-extension");
	}

	private static Map<String, String> start(Variant variant) {
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(variant.jvmArgs());
		command.addAll(List.of("-cp", path(variant.classpath()), StartupApp.class.getName()));
		command.addAll(variant.args());
		Map<String, String> printed = new LinkedHashMap<>();
		try {
			Path output = Files.createTempFile("startup-", ".out");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				printed.put("failure", "timed out");
				return printed;
			}
			List<String> lines = Files.readAllLines(output);
			Files.deleteIfExists(output);
			for (String line : lines) {
				int equals = line.indexOf('=');
				if (equals > 0 && !line.contains(" ")) {
					printed.put(line.substring(0, equals), line.substring(equals + 1));
				}
				else if (line.startsWith("jackson2-beans=")) {
					printed.put("jackson2-beans", line.substring("jackson2-beans=".length()));
				}
			}
			if (process.exitValue() != 0 || !printed.containsKey("context-start-ms")) {
				printed.remove("context-start-ms");
				printed.put("failure", "exit " + process.exitValue() + ": " + firstError(lines));
			}
			return printed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String path(List<Path> classpath) {
		return classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
	}

	/** A PKCS12 copy of the JDK's CA certificates with the emulator's certificate added. */
	private static Path jdkCasAnd(EntraEmulator emulator) {
		char[] password = Tls.TRUST_STORE_PASSWORD.toCharArray();
		try {
			KeyStore trust = KeyStore.getInstance(
					Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(), password);
			KeyStore copy = KeyStore.getInstance("PKCS12");
			copy.load(null, password);
			for (String alias : Collections.list(trust.aliases())) {
				copy.setCertificateEntry(alias, trust.getCertificate(alias));
			}
			KeyStore emulatorStore = KeyStore.getInstance(emulator.trustStorePkcs12().toFile(), password);
			for (String alias : Collections.list(emulatorStore.aliases())) {
				copy.setCertificateEntry("entra-emulator-" + alias, emulatorStore.getCertificate(alias));
			}
			Path file = target().resolve("startup-truststore.p12");
			try (var out = Files.newOutputStream(file)) {
				copy.store(out, password);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build the startup benchmark's trust store", ex);
		}
	}

	/** Runs a child JVM to the end, failing with its output if it fails. */
	private static void run(List<String> command) {
		try {
			Path output = Files.createTempFile("aot-", ".out");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			boolean ended = process.waitFor(300, TimeUnit.SECONDS);
			String printed = Files.readString(output);
			Files.deleteIfExists(output);
			if (!ended || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("AOT processing failed: " + printed);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String firstError(List<String> lines) {
		return lines.stream()
			.filter((line) -> line.contains("Error") || line.contains("Exception"))
			.findFirst()
			.map((line) -> line.length() > 300 ? line.substring(0, 300) : line)
			.orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
	}

	private static long median(List<Map<String, String>> starts, String key) {
		return (long) median(starts.stream()
			.filter((printed) -> printed.containsKey(key))
			.mapToDouble((printed) -> Long.parseLong(printed.get(key))));
	}

	/**
	 * The 2.5th and 97.5th percentiles of the medians of 2,000 resamples (seeded, so a run's figures can be
	 * recomputed): how far the median ratio would move if the same rounds were drawn again. NaN without values.
	 */
	static double[] bootstrapInterval(double[] values) {
		if (values.length == 0) {
			return new double[] { Double.NaN, Double.NaN };
		}
		Random random = new Random(0);
		double[] medians = new double[2000];
		for (int i = 0; i < medians.length; i++) {
			medians[i] = median(
					IntStream.range(0, values.length).mapToDouble((n) -> values[random.nextInt(values.length)]));
		}
		Arrays.sort(medians);
		return new double[] { medians[49], medians[1949] };
	}

	/** The median, or -1 when there are no values. */
	private static double median(DoubleStream unsorted) {
		double[] values = unsorted.sorted().toArray();
		if (values.length == 0) {
			return -1;
		}
		return (values.length % 2 == 1) ? values[values.length / 2]
				: (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static List<Path> without(List<Path> classpath, Predicate<Path> excluded) {
		return classpath.stream().filter(excluded.negate()).toList();
	}

}
