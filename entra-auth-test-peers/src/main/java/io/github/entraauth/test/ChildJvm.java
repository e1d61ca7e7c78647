package io.github.entraauth.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs a main class in a child JVM on the current classpath, with extra environment variables. For code that
 * reads the real process environment, such as azure-identity's managed identity and Azure CLI credentials.
 * <p>
 * The child inherits this process's environment minus every {@code AZURE_*}, {@code IDENTITY_*}, {@code MSI_*}
 * and {@code IMDS_*} variable, so a developer's own Azure setup cannot leak into a test.
 */
public final class ChildJvm {

	private static final List<String> ISOLATED_PREFIXES = List.of("AZURE_", "IDENTITY_", "MSI_", "IMDS_");

	private final String mainClass;

	private final List<String> arguments = new ArrayList<>();

	private final Map<String, String> environment = new LinkedHashMap<>();

	/** Generous: a child JVM starting azure-identity on a busy 2-core machine can take tens of seconds. */
	private Duration timeout = Duration.ofMinutes(2);

	private ChildJvm(String mainClass) {
		this.mainClass = mainClass;
	}

	/**
	 * Prepares a child JVM that runs the given class's {@code main}.
	 * @param mainClass a class on the current classpath with a {@code public static void main(String[])}
	 * @return a child JVM to configure and {@link #run()}
	 */
	public static ChildJvm of(Class<?> mainClass) {
		return new ChildJvm(mainClass.getName());
	}

	/**
	 * Adds program arguments.
	 * @param arguments the arguments
	 * @return this child JVM
	 */
	public ChildJvm args(String... arguments) {
		this.arguments.addAll(Arrays.asList(arguments));
		return this;
	}

	/**
	 * Sets an environment variable of the child.
	 * @param name the variable name
	 * @param value its value
	 * @return this child JVM
	 */
	public ChildJvm env(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	/**
	 * Sets how long {@link #run()} waits before killing the child; 2 minutes by default.
	 * @param timeout the timeout
	 * @return this child JVM
	 */
	public ChildJvm timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Runs the child to completion.
	 * @return its exit code and output
	 * @throws IllegalStateException when it does not finish within the timeout
	 */
	public Result run() {
		@Nullable Path work = null;
		try {
			work = Files.createTempDirectory("child-jvm-");
			// an argument file keeps a long classpath off the command line
			Path argumentFile = work.resolve("java.args");
			Files.writeString(argumentFile, "-cp\n" + quote(System.getProperty("java.class.path")) + "\n");
			Path stdout = work.resolve("stdout");
			Path stderr = work.resolve("stderr");
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:TieredStopAtLevel=1",
					"-XX:+UseSerialGC", "@" + argumentFile, this.mainClass));
			command.addAll(this.arguments);
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			builder.environment().keySet().removeIf((name) -> ISOLATED_PREFIXES.stream().anyMatch(name::startsWith));
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			// an empty standard input, as a child reading it would otherwise wait forever
			process.getOutputStream().close();
			boolean finished = process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			Result result = new Result(finished ? process.exitValue() : -1, read(stdout), read(stderr));
			if (!finished) {
				throw new IllegalStateException("Child JVM " + this.mainClass + " did not finish within " + this.timeout
						+ "\n" + result.describe());
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run child JVM " + this.mainClass, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running child JVM " + this.mainClass, ex);
		}
		finally {
			deleteQuietly(work);
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Quotes for a java argument file, where backslashes and quotes are escapes. */
	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
	}

	private static void deleteQuietly(@Nullable Path directory) {
		if (directory == null) {
			return;
		}
		try (var files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			// a leftover temp directory does not affect the result
		}
	}

	/**
	 * What a child JVM left behind.
	 *
	 * @param exitCode the exit code, {@code -1} when it was killed
	 * @param stdout everything it printed on standard output
	 * @param stderr everything it printed on standard error
	 */
	public record Result(int exitCode, String stdout, String stderr) {

		/**
		 * The rest of the first standard output line that starts with {@code prefix}.
		 * @param prefix such as {@code "CLAIMS "}
		 * @return the line without the prefix, or empty when no line starts with it
		 */
		public Optional<String> line(String prefix) {
			return this.stdout.lines().filter((line) -> line.startsWith(prefix)).findFirst()
				.map((line) -> line.substring(prefix.length()));
		}

		/**
		 * The exit code and both outputs, for assertion messages.
		 * @return a multi-line description
		 */
		public String describe() {
			return "exit code " + this.exitCode + "\n--- stdout ---\n" + this.stdout + "--- stderr ---\n" + this.stderr;
		}

	}

}
