package io.github.entraauth.test.redis;

import java.util.function.Supplier;

import io.github.entraauth.test.PeerExtension;

/**
 * Runs one {@link RedisServer} per test class:
 * <pre>{@code
 * @RegisterExtension static EntraEmulatorExtension entra = new EntraEmulatorExtension();
 * @RegisterExtension static RedisServerExtension redis = new RedisServerExtension(
 *     () -> RedisServer.builder().acceptTokensFrom(entra.emulator()).enforceTokenExpiry(true));
 * }</pre>
 * Test and lifecycle methods can declare a {@code RedisServer} parameter.
 * <p>
 * {@link #server()} starts the server on first use, so it also works from a static
 * {@code @DynamicPropertySource} method; it stops after the outermost class's tests, including {@code @Nested}
 * ones.
 */
public final class RedisServerExtension extends PeerExtension<RedisServer> {

	/**
	 * An extension whose server runs the system (or else the bundled) {@code redis-server} and accepts no tokens.
	 */
	public RedisServerExtension() {
		this(RedisServer::builder);
	}

	/**
	 * An extension whose server is started from the builder the supplier returns when the server is first
	 * needed, once the emulator whose tokens it accepts runs.
	 * @param builder supplies a configured builder
	 */
	public RedisServerExtension(Supplier<RedisServerBuilder> builder) {
		super(RedisServer.class, () -> builder.get().start());
	}

	/**
	 * The server, started if it is not running yet.
	 * @return the running server
	 */
	public RedisServer server() {
		return peer();
	}

}
