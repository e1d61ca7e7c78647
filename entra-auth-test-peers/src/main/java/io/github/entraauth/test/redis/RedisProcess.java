package io.github.entraauth.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import io.github.entraauth.test.ExitCleanup;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code redis-server} process with its own temporary directory (configuration, log, and the
 * extracted bundled binary), all deleted by {@link #stop()}.
 * <p>
 * Redis cannot bind port 0 and report it, so a probed free port may be taken by another process
 * before Redis binds it; such a start is detected from Redis's own log ({@code Address already in
 * use}) and retried on another port. Readiness is Redis's {@code Ready to accept connections} line
 * from this very process, never a connect to the port, which could reach someone else's server.
 */
final class RedisProcess {

	private static final Logger logger = LoggerFactory.getLogger(RedisProcess.class);

	/** Generous, as a busy 2-core machine running two builds can take seconds to fork and start Redis. */
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final int PORT_ATTEMPTS = 10;

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	static final String ADMIN_USER = "entra-test-admin";

	static final String TLS_CERTIFICATE_FILE = "redis-tls.pem";

	private static final String TLS_KEY_FILE = "redis-tls-key.pem";

	private final Path binary;

	private final Path directory;

	private final Process process;

	private final int port;

	private final String adminPassword;

	private final ExitCleanup stopOnExit;

	private RedisProcess(Path binary, Path directory, Process process, int port, String adminPassword) {
		this.binary = binary;
		this.directory = directory;
		this.process = process;
		this.port = port;
		this.adminPassword = adminPassword;
		// a JVM that exits without close() must not leave the process behind
		this.stopOnExit = ExitCleanup.register("redis-server-stop", process::destroyForcibly);
	}

	/**
	 * Starts the given binary, or else the system one, or else the bundled one.
	 * @param binary a {@code redis-server} executable, or {@code null} to search
	 * @return the running process
	 */
	static RedisProcess start(@Nullable Path binary) {
		return start(binary, RedisProcess::probeFreePort, null);
	}

	/**
	 * The PEM texts of a TLS server identity; with them the process listens with TLS only.
	 * @param certificatePem the server certificate
	 * @param privateKeyPem its private key
	 */
	record TlsIdentity(String certificatePem, String privateKeyPem) {

		@Override
		public String toString() {
			return "TlsIdentity[certificate only]";
		}

	}

	/**
	 * Starts as {@link #start(Path)} does, taking the ports to try from a supplier.
	 * @param binary a {@code redis-server} executable, or {@code null} to search
	 * @param ports supplies a port for each attempt
	 * @return the running process
	 */
	static RedisProcess start(@Nullable Path binary, IntSupplier ports) {
		return start(binary, ports, null);
	}

	/**
	 * Starts as {@link #start(Path, IntSupplier)} does, with TLS only when an identity is given.
	 * @param binary a {@code redis-server} executable, or {@code null} to search
	 * @param ports supplies a port for each attempt
	 * @param tls the server's certificate and key, or {@code null} for plain TCP
	 * @return the running process
	 */
	static RedisProcess start(@Nullable Path binary, IntSupplier ports, @Nullable TlsIdentity tls) {
		return start(binary, ports, tls, List.of());
	}

	/**
	 * Starts as {@link #start(Path, IntSupplier, TlsIdentity)} does, with more configuration lines.
	 * @param binary a {@code redis-server} executable, or {@code null} to search
	 * @param ports supplies a port for each attempt
	 * @param tls the server's certificate and key, or {@code null} for plain TCP
	 * @param extraConfig lines appended to the generated configuration, such as {@code cluster-enabled yes}
	 * @return the running process
	 */
	static RedisProcess start(@Nullable Path binary, IntSupplier ports, @Nullable TlsIdentity tls,
			List<String> extraConfig) {
		Path directory = createDirectory();
		if (tls != null) {
			writePrivate(directory.resolve(TLS_CERTIFICATE_FILE), tls.certificatePem());
			writePrivate(directory.resolve(TLS_KEY_FILE), tls.privateKeyPem());
		}
		List<String> tried = new ArrayList<>();
		List<Path> candidates = (binary != null) ? List.of(binary) : systemBinaries();
		for (Path candidate : candidates) {
			try {
				return startWith(candidate, directory, ports, tls != null, extraConfig);
			}
			catch (RuntimeException ex) {
				tried.add(candidate + " (" + ex.getMessage() + ")");
			}
		}
		if (binary == null) {
			try {
				return startWith(extractBundledBinary(directory), directory, ports, tls != null, extraConfig);
			}
			catch (RuntimeException ex) {
				tried.add("bundled binary (" + ex.getMessage() + ")");
			}
		}
		deleteRecursively(directory);
		throw new IllegalStateException("Could not start redis-server; tried: " + String.join("; ", tried)
				+ ". Install redis-server (apt-get install redis-server) or put com.github.codemonstur:embedded-redis"
				+ " on the test classpath.");
	}

	/**
	 * Extracts the bundled Linux or macOS binary of {@code com.github.codemonstur:embedded-redis}.
	 * @param directory where to put it
	 * @return the executable
	 */
	static Path extractBundledBinary(Path directory) {
		String resource = bundledResourceName();
		try (InputStream in = RedisProcess.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(
						"No " + resource + " on the classpath (add com.github.codemonstur:embedded-redis)");
			}
			Path file = directory.resolve("redis-server");
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + resource, ex);
		}
	}

	static Path createDirectory() {
		try {
			return Files.createTempDirectory("redis-server-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path binary() {
		return this.binary;
	}

	Path directory() {
		return this.directory;
	}

	int port() {
		return this.port;
	}

	String adminPassword() {
		return this.adminPassword;
	}

	/**
	 * Stops the process and deletes its directory.
	 */
	void stop() {
		stopProcess(this.process);
		deleteRecursively(this.directory);
		this.stopOnExit.closed();
	}

	private static List<Path> systemBinaries() {
		List<Path> candidates = new ArrayList<>();
		Path system = Path.of("/usr/bin/redis-server");
		if (Files.isExecutable(system)) {
			candidates.add(system);
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(File.pathSeparator)) {
				Path onPath = Path.of(entry, "redis-server");
				if (Files.isExecutable(onPath) && !candidates.contains(onPath)) {
					candidates.add(onPath);
				}
			}
		}
		return candidates;
	}

	private static String bundledResourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm64");
		if (os.contains("linux")) {
			return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
		}
		if (os.contains("mac")) {
			return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
		}
		throw new IllegalStateException("No bundled redis-server for " + os + "/" + arch);
	}

	private static RedisProcess startWith(Path binary, Path directory, IntSupplier ports, boolean tls,
			List<String> extraConfig) {
		for (int attempt = 1;; attempt++) {
			int port = ports.getAsInt();
			String adminPassword = UUID.randomUUID().toString();
			Path log = directory.resolve("redis-" + attempt + ".log");
			Process process = null;
			try {
				Path config = directory.resolve("redis.conf");
				Files.writeString(config, config(port, directory, adminPassword, tls, extraConfig), StandardCharsets.UTF_8);
				Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
				process = new ProcessBuilder(sessionLeader(binary.toString(), config.toString()))
					.directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				if (awaitReady(process, log)) {
					return new RedisProcess(binary, directory, process, port, adminPassword);
				}
				logger.debug("Port {} was taken before redis-server bound it (attempt {})", port, attempt);
				if (attempt == PORT_ATTEMPTS) {
					throw new IllegalStateException("every probed port was taken before redis-server bound it ("
							+ PORT_ATTEMPTS + " attempts): " + tail(log));
				}
			}
			catch (IOException ex) {
				stopIfStarted(process);
				throw new UncheckedIOException(ex);
			}
			catch (RuntimeException ex) {
				stopIfStarted(process);
				throw ex;
			}
		}
	}

	private static String config(int port, Path directory, String adminPassword, boolean tls,
			List<String> extraConfig) {
		List<String> lines = new ArrayList<>(List.of("bind 127.0.0.1", "protected-mode yes", "daemonize no",
				"save \"\"", "appendonly no", "dir " + directory, "user default off",
				"user " + ADMIN_USER + " on >" + adminPassword + " ~* &* +@all"));
		if (tls) {
			// TLS only, as on Azure: the plain port is off
			Path certificate = directory.resolve(TLS_CERTIFICATE_FILE);
			lines.addAll(List.of("port 0", "tls-port " + port, "tls-cert-file " + certificate,
					"tls-key-file " + directory.resolve(TLS_KEY_FILE), "tls-ca-cert-file " + certificate,
					"tls-auth-clients no"));
		}
		else {
			lines.add("port " + port);
		}
		lines.addAll(extraConfig);
		lines.add("");
		return String.join("\n", lines);
	}

	private static void writePrivate(Path file, String content) {
		try {
			Files.writeString(file, content, StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port whose cluster bus port (port + 10000) is free too; a race on either is caught by the retry
	 * on {@code Address already in use}.
	 */
	static int probeFreeClusterPort() {
		for (int attempt = 0;; attempt++) {
			int port = probeFreePort();
			if (port <= 55535 && isFree(port + 10000)) {
				return port;
			}
			if (attempt == 100) {
				throw new IllegalStateException("No free port with a free cluster bus port (port + 10000) found");
			}
		}
	}

	private static boolean isFree(int port) {
		try {
			new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int probeFreePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for this process's readiness line.
	 * @return {@code true} when ready, {@code false} when it exited because the port was taken
	 */
	private static boolean awaitReady(Process process, Path log) throws IOException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
			if (output.contains("Ready to accept connections")) {
				return true;
			}
			if (!process.isAlive()) {
				if (output.contains("Address already in use")) {
					return false;
				}
				if (output.contains("tls-port") || output.contains("TLS")) {
					throw new IllegalStateException("redis-server exited with " + process.exitValue()
							+ " on the TLS settings: this binary was probably built without TLS (BUILD_TLS=yes);"
							+ " use a redis-server that supports --tls-port, such as Debian's package: " + tail(log));
				}
				throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + tail(log));
			}
			sleep(20);
		}
		throw new IllegalStateException("redis-server was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s: "
				+ tail(log));
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
		return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
	}

	/**
	 * Runs redis-server in a session of its own where setsid(1) exists, so that a Ctrl-C meant for the application
	 * does not stop it before the application closed its connections; close() and the exit clean-up stop it.
	 */
	private static List<String> sessionLeader(String... command) {
		List<String> line = new ArrayList<>();
		if (Files.isExecutable(SETSID)) {
			line.add(SETSID.toString());
		}
		line.addAll(List.of(command));
		return line;
	}

	private static void stopIfStarted(@Nullable Process process) {
		if (process != null) {
			stopProcess(process);
		}
	}

	private static void stopProcess(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for redis-server", ex);
		}
	}

	static void deleteRecursively(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", directory, ex);
		}
	}

}
