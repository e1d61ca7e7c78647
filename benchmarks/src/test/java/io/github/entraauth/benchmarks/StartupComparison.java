package io.github.entraauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.entraauth.benchmarks.startup.StartupApp;
import io.github.entraauth.test.entra.EntraEmulator;

/**
 * Figure 6: the context start of {@link StartupApp} in fresh JVMs, with and without the starter,
 * the variants started in turn each round (so drifting machine load hits all alike), and the
 * jars the starter adds. The classpaths come from the files the build writes into
 * {@code target/}: the plain app's runtime classpath and the starter's additions to it.
 * <p>
 * Variants: {@code plain}; {@code starter} (the default configuration: credential configured against the Entra
 * emulator, Kafka and Redis integrations on; the first Redis token is fetched in the background after the start);
 * {@code starter-await-first-token} (the previous default: the start waits for the first Redis token);
 * {@code starter-redis-off} (Redis integration off); {@code starter-without-jna} (the same as {@code starter}
 * with those jars removed, to see whether they are needed and what they cost).
 */
final class StartupComparison {

	/** One variant: which jars, which arguments, and whether the start is timed against plain. */
	record Variant(String name, List<Path> classpath, List<String> args) {
	}

	/** The medians of one variant over all rounds, and what its last start printed. */
	record Outcome(String variant, long medianMillis, long medianLoadedClasses, long medianFirstTokenMillis,
			String token, String jackson2Beans, String headerMapper, int starts, int failures, String failure) {
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
				for (Variant variant : variants) {
					Map<String, String> printed = start(variant);
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
				outcomes.put(variant.name(), new Outcome(variant.name(), median(ok, "context-start-ms"),
						median(ok, "loaded-classes"), median(ok, "first-token-ms"), last.getOrDefault("token", "-"),
						last.getOrDefault("jackson2-beans", "-"), last.getOrDefault("header-mapper", "-"),
						ok.size(), failed.size(), failed.isEmpty() ? "" : failed.get(0)));
			}
			return outcomes;
		}
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
				"--entra.credential.instance-discovery=false", "--entra.credential.ssl-bundle=entra-emulator",
				"--spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:" + emulator.trustCertificatePem(),
				"--probe-token"));
		return List.of(new Variant("plain", plain, concat(common, List.of("--spring.data.redis.password=static"))),
				new Variant("starter", starter, entra),
				new Variant("starter-await-first-token", starter,
						concat(entra, List.of("--entra.redis.await-first-token=true"))),
				new Variant("starter-redis-off", starter, concat(entra, List.of("--entra.redis.enabled=false"))),
				new Variant("starter-without-jna", without(starter, (jar) -> jar.getFileName().toString().startsWith("jna")
						|| jar.getFileName().toString().startsWith("msal4j-persistence-extension")), entra));
	}

	private static Map<String, String> start(Variant variant) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp",
				variant.classpath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
				StartupApp.class.getName()));
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

	private static String firstError(List<String> lines) {
		return lines.stream()
			.filter((line) -> line.contains("Error") || line.contains("Exception"))
			.findFirst()
			.map((line) -> line.length() > 300 ? line.substring(0, 300) : line)
			.orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
	}

	private static long median(List<Map<String, String>> starts, String key) {
		long[] values = starts.stream()
			.filter((printed) -> printed.containsKey(key))
			.mapToLong((printed) -> Long.parseLong(printed.get(key)))
			.sorted()
			.toArray();
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
