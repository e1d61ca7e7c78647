package io.github.entraauth.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.IssuedToken;
import io.github.entraauth.test.entra.Tls;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on a free loopback port and in its own temporary directory, for tests of Entra-authenticated
 * Redis clients.
 * <p>
 * It runs the system binary ({@code /usr/bin/redis-server} or the first on the {@code PATH}) or,
 * without one, the Linux binary shipped in {@code com.github.codemonstur:embedded-redis}; it never
 * silently skips: if no binary runs, {@link #start()} fails. The generated configuration binds to
 * {@code 127.0.0.1}, persists nothing, disables the {@code default} user and adds an admin user
 * that only this class uses.
 * <p>
 * {@link #acceptTokensFrom(EntraEmulator)} turns every token the emulator issues into a password of an ACL user
 * named after the token's {@code oid}; every unexpired token of an identity is accepted at the same time. Clients
 * connect through a relay on {@link #port()} that closes each connection when the token it last authenticated
 * with expires, as Azure does. {@link #expire(String)} deletes such a user at once, closing every connection
 * authenticated as it. With
 * {@link EntraEmulator#oidPerToken(boolean)} each token generation is its own user, so
 * {@link #connections()} shows which token each connection uses.
 */
public final class RedisServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisServer.class);

	private static final String ADMIN_USER = RedisProcess.ADMIN_USER;

	/** The audience of Azure Cache for Redis / Azure Managed Redis tokens. */
	public static final String REDIS_AUDIENCE = "https://redis.azure.com";

	/**
	 * The application id of Azure Cache for Redis, the audience of tokens asked for with the older scope
	 * {@code acca5fbb-b7e4-4009-81f1-37e38fd66d78/.default}, which Azure accepts too.
	 */
	public static final String LEGACY_REDIS_AUDIENCE = "acca5fbb-b7e4-4009-81f1-37e38fd66d78";

	private final RedisProcess process;

	private final RedisClient adminClient;

	private final StatefulRedisConnection<String, String> adminConnection;

	private final Set<String> tokenUsers = ConcurrentHashMap.newKeySet();

	/** The unexpired tokens of each token user and their {@code exp}: Azure accepts each until it expires. */
	private final Map<String, Map<String, Instant>> validTokens = new ConcurrentHashMap<>();

	private final TokenTrackingProxy front;

	private final AtomicInteger tokensToReject = new AtomicInteger();

	private final ScheduledExecutorService expiries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "redis-server-token-expiry");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean enforceTokenExpiry = true;

	private final boolean tls;

	RedisServer(RedisProcess process, boolean tls, TokenTrackingProxy front) {
		this.process = process;
		this.tls = tls;
		this.front = front;
		this.adminClient = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(process.port())
			.withSsl(tls)
			.withAuthentication(ADMIN_USER, process.adminPassword())
			.withClientName("entra-test-admin")
			.build());
		if (tls) {
			this.adminClient.setOptions(ClientOptions.builder()
				.sslOptions(SslOptions.builder().trustManager(trustCertificatePem().toFile()).build())
				.build());
		}
		try {
			this.adminConnection = this.adminClient.connect();
		}
		catch (RuntimeException ex) {
			this.adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			if (tls) {
				throw new IllegalStateException("redis-server " + process.binary() + " started but no TLS handshake"
						+ " succeeded on its tls-port " + process.port() + ": the binary may be built without TLS"
						+ " (BUILD_TLS=yes)", ex);
			}
			throw ex;
		}
		front.relayTo(process.port(), this::enforcedExpiry, this.expiries);
	}

	/**
	 * Starts a server with the system {@code redis-server}, or the bundled one if there is none.
	 * @return the running server
	 * @throws IllegalStateException if no binary could be started
	 */
	public static RedisServer start() {
		return builder().start();
	}

	/**
	 * Starts a server with the given binary.
	 * @param binary a {@code redis-server} executable, or {@code null} for the system one or else
	 * the bundled one
	 * @return the running server
	 * @throws IllegalStateException if the binary could not be started
	 */
	public static RedisServer start(@Nullable Path binary) {
		return builder().binary(binary).start();
	}

	/**
	 * A builder to choose the binary and token handling before starting.
	 * @return a new builder
	 */
	public static RedisServerBuilder builder() {
		return new RedisServerBuilder();
	}

	/**
	 * Extracts the Linux binary shipped in {@code com.github.codemonstur:embedded-redis} (Redis 6.2)
	 * to a new temporary directory, deleted when the JVM exits; {@link #start()} uses its own copy.
	 * @return the executable
	 * @throws IllegalStateException if the artifact is missing or has no binary for this platform
	 */
	public static Path bundledBinary() {
		Path directory = RedisProcess.createDirectory();
		directory.toFile().deleteOnExit();
		Path file = RedisProcess.extractBundledBinary(directory);
		file.toFile().deleteOnExit();
		return file;
	}

	/**
	 * The host to connect to.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * The port clients connect to, chosen by the OS. It relays to {@code redis-server} and closes each connection
	 * when the token it authenticated with expires (see {@link #enforceTokenExpiry(boolean)}).
	 * @return the port
	 */
	public int port() {
		return this.front.port();
	}

	/** The port of {@code redis-server} itself, for the admin connection and the cluster bus. */
	int serverPort() {
		return this.process.port();
	}

	/**
	 * Whether the server listens with TLS only (see {@link RedisServerBuilder#tls()}).
	 * @return {@code true} in TLS mode
	 */
	public boolean tls() {
		return this.tls;
	}

	/**
	 * The server's self-signed certificate (for {@code localhost} and {@code 127.0.0.1}) as a PEM file, for
	 * example for {@code spring.ssl.bundle.pem.<name>.truststore.certificate=file:<path>} or Lettuce's
	 * {@code SslOptions.builder().trustManager(file)}.
	 * @return the PEM file, deleted on {@link #close()}
	 * @throws IllegalStateException if the server is not in TLS mode
	 */
	public Path trustCertificatePem() {
		requireTls();
		return this.process.directory().resolve(RedisProcess.TLS_CERTIFICATE_FILE);
	}

	/**
	 * The server's certificate in a PKCS12 trust store with password {@code changeit}, written on first use.
	 * @return the trust store file, deleted on {@link #close()}
	 * @throws IllegalStateException if the server is not in TLS mode
	 */
	public synchronized Path trustStorePkcs12() {
		requireTls();
		Path file = this.process.directory().resolve("redis-truststore.p12");
		if (!Files.exists(file)) {
			try (InputStream in = Files.newInputStream(trustCertificatePem())) {
				X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
					.generateCertificate(in);
				Tls.writeKeyStore(Tls.trustStore(certificate), Tls.TRUST_STORE_PASSWORD.toCharArray(), file);
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot write the Redis trust store", ex);
			}
		}
		return file;
	}

	/**
	 * The Spring Boot properties of a PEM SSL bundle that trusts this server, and the property that makes
	 * Spring Data Redis use it with TLS: pass them to a context runner or a {@code @DynamicPropertySource}.
	 * @param bundleName the name of the bundle, such as {@code redis}
	 * @return {@code spring.ssl.bundle.pem.<name>.truststore.certificate} and
	 * {@code spring.data.redis.ssl.bundle} (which turns TLS on)
	 * @throws IllegalStateException if the server is not in TLS mode
	 */
	public Map<String, String> springSslBundleProperties(String bundleName) {
		return Map.of("spring.ssl.bundle.pem." + bundleName + ".truststore.certificate",
				"file:" + trustCertificatePem(), "spring.data.redis.ssl.bundle", bundleName);
	}

	private void requireTls() {
		if (!this.tls) {
			throw new IllegalStateException("This redis-server listens on plain TCP: start it with"
					+ " RedisServer.builder().tls().start() for trust material");
		}
	}

	/**
	 * The binary that runs the server.
	 * @return its path
	 */
	public Path binary() {
		return this.process.binary();
	}

	/**
	 * The server's version, from {@code INFO server}.
	 * @return for example {@code 7.0.15}
	 */
	public String version() {
		return infoField("server", "redis_version");
	}

	/**
	 * Turns every Azure Redis token ({@code aud} {@value #REDIS_AUDIENCE} or {@value #LEGACY_REDIS_AUDIENCE}) the
	 * emulator issues
	 * from now on into a password of the ACL user named after its {@code oid}; every token of that
	 * identity is accepted (several application instances hold different ones), and with
	 * {@link #enforceTokenExpiry(boolean)} each stops at its {@code exp}. Tokens for other audiences
	 * are not Redis passwords, as on Azure.
	 * @param emulator the emulator whose tokens to accept
	 * @return this server
	 */
	public RedisServer acceptTokensFrom(EntraEmulator emulator) {
		return acceptTokensFrom(emulator, Set.of(REDIS_AUDIENCE, LEGACY_REDIS_AUDIENCE));
	}

	/**
	 * Turns every token for the given audience the emulator issues from now on into an ACL user
	 * named after its {@code oid}, with the token as password.
	 * @param emulator the emulator whose tokens to accept
	 * @param audience the {@code aud} of the tokens to accept, such as {@code https://redis.azure.com}
	 * @return this server
	 */
	public RedisServer acceptTokensFrom(EntraEmulator emulator, String audience) {
		return acceptTokensFrom(emulator, Set.of(audience));
	}

	private RedisServer acceptTokensFrom(EntraEmulator emulator, Set<String> audiences) {
		emulator.onTokenIssued((token) -> {
			if (audiences.contains(token.audience())) {
				tokenIssued(token);
			}
		});
		return this;
	}

	/**
	 * When on (the default), every token issued from now on stops being a password at its {@code exp}, and each
	 * connection whose last AUTH used a token is closed when that token expires, even if the identity has a newer
	 * one, as Azure does. Off, tokens stay valid and connections open until the user is {@linkplain #expire deleted}.
	 * @param enforce whether to expire tokens and their connections at their {@code exp}
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
		this.validTokens.remove(username);
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
		admin().clientKill(KillArgs.Builder.id(id));
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
		this.front.close();
		try {
			this.adminConnection.close();
			this.adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		finally {
			this.process.stop();
		}
	}

	private void tokenIssued(IssuedToken token) {
		if (this.tokensToReject.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			logger.info("Not creating a Redis user for {} (rejected on purpose)", token.oid());
			return;
		}
		// another token of the same identity (another instance of the application) stays valid too
		admin().aclSetuser(token.oid(),
				AclSetuserArgs.Builder.on().addPassword(token.jwt()).allKeys().allChannels().allCommands());
		this.tokenUsers.add(token.oid());
		this.validTokens.computeIfAbsent(token.oid(), (oid) -> new ConcurrentHashMap<>())
			.put(token.jwt(), this.enforceTokenExpiry ? token.expiresAt() : Instant.MAX);
		if (this.enforceTokenExpiry) {
			long delay = Math.max(0, token.expiresAt().toEpochMilli() - System.currentTimeMillis());
			this.expiries.schedule(() -> tokenExpired(token), delay, TimeUnit.MILLISECONDS);
		}
	}

	/** The user goes with its last valid token; before that, only the expired token's password goes. */
	private void tokenExpired(IssuedToken token) {
		Map<String, Instant> valid = this.validTokens.getOrDefault(token.oid(), Map.of());
		valid.remove(token.jwt());
		if (valid.isEmpty()) {
			this.validTokens.remove(token.oid());
			expireQuietly(token.oid());
			return;
		}
		try {
			admin().aclSetuser(token.oid(), AclSetuserArgs.Builder.removePassword(token.jwt()));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove an expired token of {}", token.oid(), ex);
		}
	}

	/** The {@code exp} the front enforces for an AUTH with this user and password, if it is an enforced token. */
	private @Nullable Instant enforcedExpiry(String username, String password) {
		Instant expiresAt = this.validTokens.getOrDefault(username, Map.of()).get(password);
		return (expiresAt != null && !Instant.MAX.equals(expiresAt)) ? expiresAt : null;
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

}
