package io.github.entraauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.entraauth.redis.RedisTestApplication.ConnectionEvents;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisConnectionInfo;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.TokenManagers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Re-AUTH over TLS, as on Azure (TLS only, port 6380/10000): a TLS-only redis-server whose
 * self-signed certificate the application trusts through a Spring SSL bundle
 * (spring.ssl.bundle.pem.redis, spring.data.redis.ssl.bundle), 8 s tokens refreshed 4 s before
 * expiry, each token generation its own ACL user deleted at its exp.
 */
@SpringBootTest(classes = RedisTestApplication.class,
		properties = { "entra.token.refresh-before-expiry=4s", "entra.token.retry-initial-backoff=200ms",
				"entra.token.retry-max-backoff=500ms", "spring.data.redis.timeout=3s" })
@DirtiesContext
class RedisTlsReauthenticationTests {

	private static final String CLIENT_NAME = "tls-reauth-app";

	private static final EntraEmulator emulator = RedisTestApplication.emulator(Duration.ofSeconds(8));

	private static final RedisServer redis = RedisServer.builder()
		.tls()
		.acceptTokensFrom(emulator)
		.enforceTokenExpiry(true)
		.start();

	@Autowired
	private StringRedisTemplate template;

	@Autowired
	private ReactiveStringRedisTemplate reactiveTemplate;

	@Autowired
	private BlockingQueue<String> receivedMessages;

	@Autowired
	private TokenManagers tokenManagers;

	@Autowired
	private RedisReauthentications reauthentications;

	@Autowired
	private ConnectionEvents connectionEvents;

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		tlsProperties(registry, CLIENT_NAME);
	}

	@AfterAll
	static void stopPeers() {
		redis.close();
		emulator.close();
	}

	@Test
	void everyLiveTlsConnectionReauthenticatesInPlaceAcrossThreeRefreshesWithoutAFailedCommand() throws Exception {
		assertThat(this.connectionFactory.isUseSsl()).isTrue();
		RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "tls-warm-up");
		List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, CLIENT_NAME, 3);
		Set<Long> ids = ids(live);
		assertThat(live).anySatisfy((connection) -> assertThat(connection.fields().get("sub")).isEqualTo("1"));
		long deactivatedBefore = this.connectionEvents.deactivated();
		long failedBefore = this.reauthentications.failed();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong commands = new AtomicLong();
		AtomicLong failedCommands = new AtomicLong();
		CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
			while (running.get()) {
				try {
					this.template.opsForValue().set("tls-load", Long.toString(commands.incrementAndGet()));
					this.template.opsForValue().get("tls-load");
					// a steady trickle, not a busy loop on a shared machine
					Thread.sleep(5);
				}
				catch (RuntimeException ex) {
					failedCommands.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		});
		String previous = newestUser();
		List<String> generations = new ArrayList<>(List.of(previous));
		try {
			for (int round = 1; round <= 3; round++) {
				String before = previous;
				await().atMost(Duration.ofSeconds(20)).until(() -> !newestUser().equals(before));
				String next = newestUser();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> users(redis.connections(CLIENT_NAME)).equals(Set.of(next))
							&& ids(redis.connections(CLIENT_NAME)).equals(ids));
				await().atMost(Duration.ofSeconds(15)).until(() -> !redis.users().contains(before));
				assertThat(ids(redis.connections(CLIENT_NAME))).isEqualTo(ids);
				RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages,
						"tls-round-" + round);
				generations.add(next);
				previous = next;
			}
		}
		finally {
			running.set(false);
			load.get(30, TimeUnit.SECONDS);
		}
		assertThat(generations).doesNotHaveDuplicates().hasSize(4);
		assertThat(redis.users()).doesNotContainAnyElementsOf(generations.subList(0, 3));
		assertThat(commands.get()).isPositive();
		assertThat(failedCommands.get()).isZero();
		assertThat(this.connectionEvents.deactivated() - deactivatedBefore).isZero();
		assertThat(this.reauthentications.failed() - failedBefore).isZero();
		System.out.printf("REAUTH-REPORT tls: connections=%d refreshes=3 commands=%d failed-commands=0 disconnects=0%n",
				ids.size(), commands.get());
	}

	/** The negative control over TLS: with re-AUTH off, the connections are closed when their token expires. */
	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = RedisTestApplication.class,
			properties = { "entra.token.refresh-before-expiry=4s", "entra.redis.reauthenticate=false" })
	@DirtiesContext
	class WithReauthenticationOff {

		private static final String OFF_CLIENT_NAME = "tls-reauth-off-app";

		@Autowired
		private StringRedisTemplate template;

		@Autowired
		private TokenManagers tokenManagers;

		@Autowired
		private ConnectionEvents connectionEvents;

		@DynamicPropertySource
		static void redisProperties(DynamicPropertyRegistry registry) {
			tlsProperties(registry, OFF_CLIENT_NAME);
		}

		@Test
		void tlsConnectionsAreClosedWhenTheirTokenExpires() {
			this.template.opsForValue().set("tls-off", "1");
			List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, OFF_CLIENT_NAME, 1);
			Set<Long> ids = ids(live);
			String first = RedisTestApplication.newestUser(this.tokenManagers);
			assertThat(users(live)).containsOnly(first);
			long deactivatedBefore = this.connectionEvents.deactivated();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.connectionEvents.deactivated() > deactivatedBefore);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				List<RedisConnectionInfo> now = redis.connections(OFF_CLIENT_NAME);
				return !now.isEmpty() && ids(now).stream().noneMatch(ids::contains) && !users(now).contains(first);
			});
		}

	}

	private static void tlsProperties(DynamicPropertyRegistry registry, String clientName) {
		RedisTestApplication.properties(registry, emulator, redis, clientName);
		redis.springSslBundleProperties("redis").forEach((name, value) -> registry.add(name, () -> value));
	}

	private String newestUser() {
		return RedisTestApplication.newestUser(this.tokenManagers);
	}

	private static Set<Long> ids(List<RedisConnectionInfo> connections) {
		return connections.stream().map(RedisConnectionInfo::id).collect(Collectors.toSet());
	}

	private static Set<String> users(List<RedisConnectionInfo> connections) {
		return connections.stream().map(RedisConnectionInfo::user).collect(Collectors.toSet());
	}

}
