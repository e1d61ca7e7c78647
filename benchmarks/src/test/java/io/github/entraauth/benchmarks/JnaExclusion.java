package io.github.entraauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.FakeAzureCli;

/**
 * Whether the JNA and msal4j-persistence-extension jars can leave the starter: each credential
 * type that may touch them asks for a token in a fresh JVM with the starter's classpath, with and
 * without those jars. A fake {@code az} on the PATH answers from the Entra emulator, so a chain
 * that reaches the Azure CLI credential succeeds. {@code DefaultAzureCredential} runs with
 * {@code AZURE_TOKEN_CREDENTIALS=dev} (developer credentials only: no managed-identity probe of
 * a link-local address).
 */
public final class JnaExclusion {

	private static final List<String> TYPES = List.of("default", "azure-cli", "intellij", "vscode", "powershell");

	private JnaExclusion() {
	}

	public static void main(String[] args) {
		run().forEach((type, outcome) -> System.out.println(type + ": with " + outcome.get(0) + ", without " + outcome.get(1)));
	}

	/** Outcome per credential type: with the jars, without them. */
	static Map<String, List<String>> run() {
		Path testClasses = StartupComparison.target().resolve("test-classes");
		List<Path> with = new ArrayList<>(List.of(testClasses));
		with.addAll(StartupComparison.plainAppJars());
		with.addAll(StartupComparison.starterAdditions());
		List<Path> without = with.stream().filter((jar) -> !jar.getFileName().toString().startsWith("jna")
				&& !jar.getFileName().toString().startsWith("msal4j-persistence-extension")).toList();
		try (EntraEmulator emulator = EntraEmulator.start()) {
			Path dir = Files.createTempDirectory("fake-az");
			FakeAzureCli az = FakeAzureCli.install(dir, emulator, "cli-user", "api://bench-jna");
			Map<String, List<String>> outcomes = new LinkedHashMap<>();
			for (String type : TYPES) {
				outcomes.put(type, List.of(probe(with, type, az), probe(without, type, az)));
			}
			return outcomes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String probe(List<Path> classpath, String type, FakeAzureCli az) {
		try {
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
					CredentialProbe.class.getName(), type, "api://bench-jna/.default");
			builder.environment().keySet().removeIf((name) -> name.startsWith("AZURE_") || name.startsWith("IDENTITY_")
					|| name.startsWith("MSI_"));
			builder.environment().put("AZURE_TOKEN_CREDENTIALS", "dev");
			builder.environment().put("PATH", az.path() + java.io.File.pathSeparator + System.getenv("PATH"));
			Path output = Files.createTempFile("probe-", ".out");
			Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "timed out";
			}
			String result = Files.readAllLines(output).stream()
				.filter((line) -> line.startsWith("PROBE "))
				.map((line) -> line.substring("PROBE ".length()))
				.findFirst()
				.orElse("no result");
			Files.deleteIfExists(output);
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
