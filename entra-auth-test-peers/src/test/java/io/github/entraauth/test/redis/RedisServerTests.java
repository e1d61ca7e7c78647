package io.github.entraauth.test.redis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.entraauth.test.entra.EntraEmulator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class RedisServerTests {

	private static EntraEmulator emulator;

	private static RedisServer redis;

	@BeforeAll
	static void start() {
		emulator = EntraEmulator.start();
		emulator.registerSecretClient("redis-app", "secret");
		redis = RedisServer.start().acceptTokensFrom(emulator);
	}

	@AfterAll
	static void stop() {
		redis.close();
		emulator.close();
	}

	@Test
	void runsTheSystemBinaryOnLoopbackWithTheDefaultUserOff() {
		assertThat(redis.binary().toString()).isEqualTo("/usr/bin/redis-server");
		assertThat(redis.host()).isEqualTo("127.0.0.1");
		assertThat(redis.port()).isPositive().isNotEqualTo(6379);
		assertThat(redis.version()).isNotEmpty();
		RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		try {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect)
				.withStackTraceContaining("NOAUTH");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void bundledBinaryRunsWhenThereIsNoSystemOne() {
		try (RedisServer bundled = RedisServer.start(RedisServer.bundledBinary())) {
			assertThat(bundled.binary().toString()).doesNotStartWith("/usr/bin");
			assertThat(bundled.version()).startsWith("6.2");
			bundled.addUser("someone", "pw");
			assertThat(bundled.users()).contains("someone");
		}
	}

	@Test
	void aProbedPortTakenBeforeRedisBindsItIsRetriedOnAnotherPort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			AtomicInteger attempts = new AtomicInteger();
			RedisProcess process = RedisProcess.start(null,
					() -> (attempts.incrementAndGet() == 1) ? taken.getLocalPort() : RedisProcess.probeFreePort());
			try {
				assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
				assertThat(process.port()).isNotEqualTo(taken.getLocalPort());
			}
			finally {
				process.stop();
			}
		}
	}

	@Test
	void failsLoudlyWhenTheBinaryDoesNotRun() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> RedisServer.start(java.nio.file.Path.of("/nonexistent/redis-server")))
			.withMessageContaining("Could not start redis-server");
	}

	@Test
	void eachIssuedTokenBecomesAUserNamedAfterItsOidAndExpiryClosesItsConnections() {
		String jwt = emulator.mintAccessToken("redis-app", "https://redis.azure.com", Duration.ofMinutes(5));
		String oid = emulator.oidOf("redis-app");
		assertThat(redis.tokenUsers()).contains(oid);
		RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withAuthentication(oid, jwt)
			.withClientName("expiry-test")
			.build());
		client.setOptions(ClientOptions.builder().autoReconnect(false).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
			List<RedisConnectionInfo> connections = redis.connections("expiry-test");
			assertThat(connections).singleElement().satisfies((info) -> {
				assertThat(info.user()).isEqualTo(oid);
				assertThat(info.id()).isPositive();
			});
			assertThat(redis.expire(oid)).isTrue();
			await().atMost(Duration.ofSeconds(60)).until(() -> !connection.isOpen());
			assertThat(redis.connections("expiry-test")).isEmpty();
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void rejectedTokensGetNoUser() {
		redis.rejectNextTokens(1);
		String jwt = emulator.mintAccessToken("rejected-app", "https://redis.azure.com", Duration.ofMinutes(5));
		String oid = emulator.oidOf("rejected-app");
		assertThat(redis.users()).doesNotContain(oid);
		RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withAuthentication(oid, jwt)
			.build());
		try {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect)
				.withStackTraceContaining("WRONGPASS");
		}
		finally {
			client.shutdown();
		}
	}

}
