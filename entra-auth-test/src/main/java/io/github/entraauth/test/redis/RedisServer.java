package io.github.entraauth.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.IssuedToken;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on a free loopback port, for tests of Entra-authenticated
 * Redis clients.
 * <p>
 * It runs the system binary ({@code /usr/bin/redis-server} or the first on the {@code PATH}) or,
 * without one, the Linux binary shipped in {@code com.github.codemonstur:embedded-redis}; it never
 * silently skips: if no binary runs, {@link #start()} fails. The generated configuration binds to
 * {@code 127.0.0.1}, persists nothing, disables the {@code default} user and adds an admin user
 * that only this class uses.
 * <p>
 * {@link #acceptTokensFrom(EntraEmulator)} turns every token the emulator issues into an ACL user
 * named after the token's {@code oid} whose password is the token. {@link #expire(String)} deletes
 * such a user, which makes Redis close every connection still authenticated as it: the same
 * effect as Azure closing a connection whose token expired. With
 * {@link EntraEmulator#oidPerToken(boolean)} each token generation is its own user, so
 * {@link #connections()} shows which token each connection uses.
 */
public final class RedisServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisServer.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

	private static final String ADMIN_USER = "entra-test-admin";

	private final Path binary;

	private final Path directory;

	private final Process process;

	private final int port;

	private final RedisClient adminClient;

	private final StatefulRedisConnection<String, String> adminConnection;

	private final Set<String> tokenUsers = ConcurrentHashMap.newKeySet();

	private final AtomicInteger tokensToReject = new AtomicInteger();

	private final Thread stopOnExit;

	private final ScheduledExecutorService expiries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "redis-server-token-expiry");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean enforceTokenExpiry;

	private RedisServer(Path binary, Path directory, Process process, int port, String adminPassword) {
		this.binary = binary;
		this.directory = directory;
		this.process = process;
		this.port = port;
		// a test JVM that dies without close() must not leave the process behind
		this.stopOnExit = new Thread(process::destroyForcibly, "redis-server-stop");
		Runtime.getRuntime().addShutdownHook(this.stopOnExit);
		this.adminClient = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(port)
			.withAuthentication(ADMIN_USER, adminPassword)
			.withClientName("entra-test-admin")
			.build());
		this.adminConnection = this.adminClient.connect();
	}

	/**
	 * Starts a server with the system {@code redis-server}, or the bundled one if there is none.
	 * @return the running server
	 * @throws IllegalStateException if no binary could be started
	 */
	public static RedisServer start() {
		return start(null);
	}

	/**
	 * Starts a server with the given binary.
	 * @param binary a {@code redis-server} executable, or {@code null} for the system one or else
	 * the bundled one
	 * @return the running server
	 * @throws IllegalStateException if the binary could not be started
	 */
	public static RedisServer start(@Nullable Path binary) {
		List<String> tried = new ArrayList<>();
		List<Path> candidates = (binary != null) ? List.of(binary) : candidates(tried);
		for (Path candidate : candidates) {
			try {
				return startWith(candidate);
			}
			catch (RuntimeException ex) {
				tried.add(candidate + " (" + ex.getMessage() + ")");
			}
		}
		throw new IllegalStateException("Could not start redis-server; tried: " + String.join("; ", tried)
				+ ". Install redis-server (apt-get install redis-server) or put com.github.codemonstur:embedded-redis"
				+ " on the test classpath.");
	}

	/**
	 * Extracts the Linux binary shipped in {@code com.github.codemonstur:embedded-redis} (Redis 6.2)
	 * to a temporary executable file.
	 * @return the executable
	 * @throws IllegalStateException if the artifact is missing or has no binary for this platform
	 */
	public static Path bundledBinary() {
		String resource = bundledResourceName();
		try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(
						"No " + resource + " on the classpath (add com.github.codemonstur:embedded-redis)");
			}
			Path file = Files.createTempFile("redis-server-", "");
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + resource, ex);
		}
	}

	/**
	 * The host to connect to.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * The port the server listens on, chosen by the OS.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The binary that runs the server.
	 * @return its path
	 */
	public Path binary() {
		return this.binary;
	}

	/**
	 * The server's version, from {@code INFO server}.
	 * @return for example {@code 7.0.15}
	 */
	public String version() {
		return infoField("server", "redis_version");
	}

	/**
	 * Creates an ACL user for every token the emulator issues from now on: user name = the token's
	 * {@code oid}, password = the token, allowed every key, channel and command.
	 * @param emulator the emulator
	 * @return this server
	 */
	public RedisServer acceptTokensFrom(EntraEmulator emulator) {
		emulator.onTokenIssued(this::tokenIssued);
		return this;
	}

	/**
	 * When on, the user of every token issued from now on is deleted when the token's {@code exp}
	 * passes, closing the connections still authenticated with it, as Azure does.
	 * @param enforce whether to expire token users at their {@code exp}
	 * @return this server
	 */
	public RedisServer enforceTokenExpiry(boolean enforce) {
		this.enforceTokenExpiry = enforce;
		return this;
	}

	/**
	 * Makes the next tokens the emulator issues unusable: no user is created for them, so Redis
	 * answers {@code WRONGPASS} to an AUTH with them.
	 * @param count how many tokens to reject
	 */
	public void rejectNextTokens(int count) {
		this.tokensToReject.set(count);
	}

	/**
	 * Creates (or replaces) a user with one password and access to everything.
	 * @param username the user name
	 * @param password the password; never logged
	 */
	public void addUser(String username, String password) {
		admin().aclSetuser(username, AclSetuserArgs.Builder.reset()
			.on()
			.addPassword(password)
			.allKeys()
			.allChannels()
			.allCommands());
	}

	/**
	 * Expires a token: deletes its user, which closes every connection authenticated as it.
	 * @param username the user, such as an {@code oid} from {@link EntraEmulator#oidOf(String)} or
	 * {@code <oid>-g<n>}
	 * @return whether the user existed
	 */
	public boolean expire(String username) {
		this.tokenUsers.remove(username);
		return admin().aclDeluser(username) > 0;
	}

	/**
	 * The users created from issued tokens that still exist.
	 * @return their names
	 */
	public Set<String> tokenUsers() {
		return Set.copyOf(this.tokenUsers);
	}

	/**
	 * Every ACL user of the server, including the admin user.
	 * @return the user names
	 */
	public List<String> users() {
		return admin().aclUsers();
	}

	/**
	 * The client connections, except the admin connection of this class.
	 * @return one entry per connection, from {@code CLIENT LIST}
	 */
	public List<RedisConnectionInfo> connections() {
		return admin().clientList()
			.lines()
			.filter((line) -> !line.isBlank())
			.map(RedisConnectionInfo::parse)
			.filter((connection) -> !ADMIN_USER.equals(connection.user()))
			.toList();
	}

	/**
	 * The client connections with the given client name ({@code spring.data.redis.client-name}).
	 * @param clientName the name
	 * @return the matching connections
	 */
	public List<RedisConnectionInfo> connections(String clientName) {
		return connections().stream().filter((connection) -> clientName.equals(connection.name())).toList();
	}

	/**
	 * Closes a client connection from the server side ({@code CLIENT KILL ID}).
	 * @param id the connection id
	 */
	public void kill(long id) {
		admin().clientKill(io.lettuce.core.KillArgs.Builder.id(id));
	}

	/**
	 * One field of {@code INFO}.
	 * @param section the section, such as {@code server} or {@code commandstats}
	 * @param field the field, such as {@code redis_version}
	 * @return the value, or an empty string if absent
	 */
	public String infoField(String section, String field) {
		return admin().info(section)
			.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.map((line) -> line.substring(field.length() + 1).trim())
			.findFirst()
			.orElse("");
	}

	/**
	 * Synchronous commands on this class's admin connection, for anything else a test needs.
	 * @return the commands
	 */
	public RedisCommands<String, String> admin() {
		return this.adminConnection.sync();
	}

	/**
	 * Stops the server process and deletes its files.
	 */
	@Override
	public void close() {
		this.expiries.shutdownNow();
		try {
			this.adminConnection.close();
			this.adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		finally {
			stopProcess(this.process);
			deleteRecursively(this.directory);
			try {
				Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
			}
			catch (IllegalStateException ex) {
				// already shutting down
			}
		}
	}

	private void tokenIssued(IssuedToken token) {
		if (this.tokensToReject.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			logger.info("Not creating a Redis user for {} (rejected on purpose)", token.oid());
			return;
		}
		addUser(token.oid(), token.jwt());
		this.tokenUsers.add(token.oid());
		if (this.enforceTokenExpiry) {
			long delay = Math.max(0, token.expiresAt().toEpochMilli() - System.currentTimeMillis());
			this.expiries.schedule(() -> expireQuietly(token.oid()), delay, TimeUnit.MILLISECONDS);
		}
	}

	private void expireQuietly(String username) {
		try {
			if (expire(username)) {
				logger.info("Token of {} expired: user deleted", username);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not expire {}", username, ex);
		}
	}

	private static List<Path> candidates(List<String> tried) {
		List<Path> candidates = new ArrayList<>();
		Path system = Path.of("/usr/bin/redis-server");
		if (Files.isExecutable(system)) {
			candidates.add(system);
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(java.io.File.pathSeparator)) {
				Path onPath = Path.of(entry, "redis-server");
				if (Files.isExecutable(onPath) && !candidates.contains(onPath)) {
					candidates.add(onPath);
				}
			}
		}
		try {
			candidates.add(bundledBinary());
		}
		catch (RuntimeException ex) {
			tried.add("bundled binary (" + ex.getMessage() + ")");
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

	private static RedisServer startWith(Path binary) {
		Path directory;
		try {
			directory = Files.createTempDirectory("redis-server-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RuntimeException last = null;
		// the free port may be taken between probing and binding: try a few
		for (int attempt = 0; attempt < 3; attempt++) {
			int port = freePort();
			String adminPassword = UUID.randomUUID().toString();
			Process process = null;
			try {
				Path config = directory.resolve("redis.conf");
				Files.writeString(config, config(port, directory, adminPassword), StandardCharsets.UTF_8);
				Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
				Path log = directory.resolve("redis.log");
				process = new ProcessBuilder(binary.toString(), config.toString()).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				awaitPort(process, port, log);
				RedisServer server = new RedisServer(binary, directory, process, port, adminPassword);
				logger.info("redis-server {} ({}) listening on 127.0.0.1:{}", server.version(), binary, port);
				return server;
			}
			catch (IOException | RuntimeException ex) {
				if (process != null) {
					stopProcess(process);
				}
				last = (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
			}
		}
		deleteRecursively(directory);
		throw last;
	}

	private static String config(int port, Path directory, String adminPassword) {
		return String.join("\n", "bind 127.0.0.1", "port " + port, "protected-mode yes", "daemonize no",
				"save \"\"", "appendonly no", "dir " + directory, "user default off",
				"user " + ADMIN_USER + " on >" + adminPassword + " ~* &* +@all", "");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitPort(Process process, int port, Path log) throws IOException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"redis-server exited with " + process.exitValue() + ": " + tail(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(20);
			}
		}
		throw new IllegalStateException("redis-server did not listen on port " + port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s: " + tail(log));
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
		return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
	}

	private static void stopProcess(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
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

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", directory, ex);
		}
	}

}
