package io.github.entraauth.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.redis.EntraRedisCredentialsProvider;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.RefreshSettings;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 4: Redis GET and SET on one Lettuce connection to a real {@code redis-server}, either
 * with a static password ({@code auth=static}) or with the starter's streaming credentials
 * provider re-AUTHing the live connection about every second ({@code auth=entra}) as a new token
 * user replaces the previous one. Throughput and sampled latency; errors are counted, not thrown.
 * <p>
 * Four-minute tokens (enforced: the user of each token is deleted at its {@code exp}) refreshed
 * {@value #REFRESH_EVERY_MILLIS} ms after they are obtained on average: the refresh is set to
 * {@code lifetime - 1.5 s}, and Entra's whole-second {@code expires_in} spreads it over 0.5–1.5 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisBenchmark {

	static final long REFRESH_EVERY_MILLIS = 1000;

	/**
	 * Shorter than MSAL's five-minute refresh window, so that each refresh gets a new token from
	 * Entra rather than the one MSAL has cached.
	 */
	private static final Duration LIFETIME = Duration.ofMinutes(4);

	private static final String SCOPE = "https://redis.azure.com/.default";

	@Param({ "static", "entra" })
	public String auth;

	private EntraEmulator emulator;

	private RedisServer server;

	private TokenManagers managers;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> commands;

	/** Tokens sent to the connection by the provider, counted by a token listener. */
	private static final AtomicLong tokensSent = new AtomicLong();

	/** Failed commands, and tokens sent to the live connection, in this iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Counters {

		public long errors;

		private long tokensAtStart;

		@Setup(Level.Iteration)
		public void reset() {
			this.errors = 0;
			this.tokensAtStart = tokensSent.get();
		}

		public long reauths() {
			return tokensSent.get() - this.tokensAtStart;
		}

	}

	@Setup(Level.Trial)
	public void start() {
		this.emulator = EntraEmulator.builder().tokenLifetime(LIFETIME).start();
		this.emulator.registerSecretClient(EmulatorCredentials.CLIENT_ID, EmulatorCredentials.CLIENT_SECRET);
		this.emulator.oidPerToken(true);
		this.server = RedisServer.start().acceptTokensFrom(this.emulator).enforceTokenExpiry(true);
		RedisURI.Builder uri = RedisURI.builder().withHost(this.server.host()).withPort(this.server.port());
		ClientOptions.Builder options = ClientOptions.builder();
		if ("entra".equals(this.auth)) {
			RefreshSettings everySecond = new RefreshSettings(
					LIFETIME.minusMillis(REFRESH_EVERY_MILLIS).minusMillis(500), Duration.ofSeconds(10),
					Duration.ofSeconds(1), Duration.ofSeconds(5));
			this.managers = new TokenManagers(everySecond);
			TokenManager manager = this.managers.forIdentity(
					new EntraIdentity(EmulatorCredentials.clientSecret(this.emulator), "bench"),
					SCOPE);
			manager.addListener((token) -> tokensSent.incrementAndGet());
			EntraRedisCredentialsProvider provider = new EntraRedisCredentialsProvider(manager, null);
			provider.afterSingletonsInstantiated();
			uri.withAuthentication(provider);
			options.reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
		}
		else {
			this.server.addUser("bench-static", "bench-static-password");
			uri.withAuthentication("bench-static", "bench-static-password");
		}
		this.client = RedisClient.create(uri.build());
		this.client.setOptions(options.build());
		this.connection = this.client.connect();
		this.commands = this.connection.sync();
		this.commands.set("bench-key", "bench-value-of-a-typical-cache-entry-size-0123456789");
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.connection.close();
		this.client.shutdown();
		if (this.managers != null) {
			this.managers.close();
		}
		this.server.close();
		this.emulator.close();
	}

	@Benchmark
	public String get(Counters counters) {
		try {
			return this.commands.get("bench-key");
		}
		catch (RuntimeException ex) {
			counters.errors++;
			return null;
		}
	}

	@Benchmark
	public String set(Counters counters) {
		try {
			return this.commands.set("bench-key", "bench-value-of-a-typical-cache-entry-size-0123456789");
		}
		catch (RuntimeException ex) {
			counters.errors++;
			return null;
		}
	}

}
