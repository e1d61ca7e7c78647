package io.github.entraauth.test.redis;

import java.time.Duration;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.EntraEmulatorExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server per test class, started from a builder once the emulator runs, injected as a parameter and shared
 * with nested classes.
 */
class RedisServerExtensionTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension(
			() -> RedisServer.builder().acceptTokensFrom(entra.emulator()));

	@Test
	void injectsTheServerTheExtensionHoldsWhichAcceptsTheEmulatorsTokens(RedisServer server, EntraEmulator emulator) {
		assertThat(server).isSameAs(redis.server());
		emulator.mintAccessToken("extension-app", RedisServer.REDIS_AUDIENCE, Duration.ofMinutes(5));
		assertThat(server.tokenUsers()).containsExactly(emulator.oidOf("extension-app"));
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSeesTheSameRunningServer(RedisServer server) {
			assertThat(server).isSameAs(redis.server());
			assertThat(server.admin().ping()).isEqualTo("PONG");
		}

	}

}
