package io.github.entraauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.entraauth.redis.RedisTestApplication.ConnectionEvents;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisConnectionInfo;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.TokenManagers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * End to end against a real redis-server that deletes each token's ACL user when the token
 * expires (closing the connections still using it, as Azure does), with real tokens from the
 * Entra emulator: 8 s tokens refreshed 4 s before expiry, each token generation its own user.
 */
@SpringBootTest(classes = RedisTestApplication.class,
		properties = { "entra.token.refresh-before-expiry=4s", "entra.token.retry-initial-backoff=200ms",
				"entra.token.retry-max-backoff=500ms", "spring.data.redis.timeout=3s" })
@DirtiesContext
class RedisReauthenticationTests {

	private static final String CLIENT_NAME = "reauth-app";

	private static final EntraEmulator emulator = RedisTestApplication.emulator(Duration.ofSeconds(8));

	private static final RedisServer redis = RedisServer.start().acceptTokensFrom(emulator).enforceTokenExpiry(true);

	@Autowired
	private StringRedisTemplate template;

	@Autowired
	private ReactiveStringRedisTemplate reactiveTemplate;

	@Autowired
	private BlockingQueue<String> receivedMessages;

	@Autowired
	private TokenManagers tokenManagers;

	@Autowired
	private EntraRedisCredentialsProvider provider;

	@Autowired
	private RedisReauthentications reauthentications;

	@Autowired
	private ConnectionEvents connectionEvents;

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestApplication.properties(registry, emulator, redis, CLIENT_NAME);
	}

	@AfterAll
	static void stopPeers() {
		redis.close();
		emulator.close();
	}

	@BeforeEach
	void openLiveConnections() {
		exercise("warm-up");
	}

	@Test
	void liveConnectionsReauthenticateInPlaceAcrossTokenRefreshesAndSurviveExpiry() {
		List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, CLIENT_NAME, 3);
		Set<Long> ids = ids(live);
		assertThat(live).anySatisfy((connection) -> assertThat(connection.fields().get("sub")).isEqualTo("1"));
		long deactivatedBefore = this.connectionEvents.deactivated();
		long succeededBefore = this.reauthentications.succeeded();
		long failedBefore = this.reauthentications.failed();
		String previous = newestUser();
		List<String> generations = new ArrayList<>(List.of(previous));
		List<Long> switchMillis = new ArrayList<>();
		long started = System.nanoTime();
		for (int round = 1; round <= 3; round++) {
			String before = previous;
			await().atMost(Duration.ofSeconds(20)).until(() -> !newestUser().equals(before));
			long refreshed = System.nanoTime();
			String next = newestUser();
			// every live connection, the pub/sub one included, now uses the new token, same ids
			await().atMost(Duration.ofSeconds(10))
				.until(() -> users(redis.connections(CLIENT_NAME)).equals(Set.of(next))
						&& ids(redis.connections(CLIENT_NAME)).equals(ids));
			switchMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refreshed));
			// the previous token expires: Redis deletes its user, closing anything still on it
			await().atMost(Duration.ofSeconds(15)).until(() -> !redis.users().contains(before));
			assertThat(ids(redis.connections(CLIENT_NAME))).isEqualTo(ids);
			exercise("round-" + round);
			generations.add(next);
			previous = next;
		}
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		assertThat(generations).doesNotHaveDuplicates().hasSize(4);
		assertThat(redis.users()).doesNotContainAnyElementsOf(generations.subList(0, 3));
		assertThat(ids(redis.connections(CLIENT_NAME))).isEqualTo(ids);
		assertThat(this.connectionEvents.deactivated() - deactivatedBefore).isZero();
		assertThat(this.reauthentications.failed() - failedBefore).isZero();
		long succeeded = this.reauthentications.succeeded() - succeededBefore;
		assertThat(succeeded).isGreaterThanOrEqualTo(3L * 3);
		System.out.printf("REAUTH-REPORT strict: connections=%d refreshes=3 reauthentications=%d failed=0 "
				+ "disconnects=0 switch-after-refresh-ms=%s total-ms=%d%n", ids.size(), succeeded, switchMillis,
				elapsed);
	}

	@Test
	void reconnectAfterClientKillUsesTheNewestToken() {
		Set<Long> killed = ids(redis.connections(CLIENT_NAME));
		assertThat(killed).hasSizeGreaterThanOrEqualTo(3);
		killed.forEach(redis::kill);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			List<RedisConnectionInfo> now = redis.connections(CLIENT_NAME);
			return now.size() == killed.size() && ids(now).stream().noneMatch(killed::contains)
					&& users(now).equals(Set.of(newestUser()));
		});
		exercise("after-kill");
	}

	@Test
	void transactionInFlightDuringARefreshCompletes() {
		long failedBefore = this.reauthentications.failed();
		String before = newestUser();
		AtomicInteger userDuringTransaction = new AtomicInteger();
		List<Object> results = this.template.execute(new SessionCallback<List<Object>>() {
			@Override
			@SuppressWarnings("unchecked")
			public List<Object> execute(RedisOperations operations) throws DataAccessException {
				operations.multi();
				operations.opsForValue().set("tx-counter", "1");
				RedisReauthenticationTests.this.provider.refresh();
				if (!newestUser().equals(before)) {
					userDuringTransaction.incrementAndGet();
				}
				operations.opsForValue().increment("tx-counter");
				return operations.exec();
			}
		});
		assertThat(userDuringTransaction).hasValue(1);
		assertThat(results).containsExactly(true, 2L);
		assertThat(this.template.opsForValue().get("tx-counter")).isEqualTo("2");
		assertThat(this.reauthentications.failed()).isEqualTo(failedBefore);
	}

	@Test
	void blockingPopDuringARefreshCompletes() throws Exception {
		long failedBefore = this.reauthentications.failed();
		this.template.delete("jobs");
		CompletableFuture<String> popped = CompletableFuture
			.supplyAsync(() -> this.template.opsForList().leftPop("jobs", Duration.ofSeconds(2)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.connections(CLIENT_NAME).stream().anyMatch((c) -> c.lastCommand().equals("blpop")));
		String before = newestUser();
		this.provider.refresh();
		assertThat(newestUser()).isNotEqualTo(before);
		this.template.opsForList().rightPush("jobs", "job-1");
		assertThat(popped.get(10, TimeUnit.SECONDS)).isEqualTo("job-1");
		assertThat(this.reauthentications.failed()).isEqualTo(failedBefore);
		exercise("after-blpop");
	}

	@Test
	void bootsLettuceOptionsStayInEffect() {
		ClientOptions options = ((RedisClient) this.connectionFactory.getNativeClient()).getOptions();
		assertThat(options.getReauthenticateBehaviour())
			.isEqualTo(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
		assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
		// only Boot's TimeoutOptions bound a reactive command by spring.data.redis.timeout (3 s)
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> this.reactiveTemplate.opsForList()
				.leftPop("never-filled", Duration.ofSeconds(5))
				.block(Duration.ofSeconds(20)))
			.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(RedisCommandTimeoutException.class));
		// leave no connection blocked on the server for the next test
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.connections(CLIENT_NAME)
				.stream()
				.noneMatch((c) -> c.fields().getOrDefault("flags", "").contains("b")));
	}

	@Test
	void failedReauthenticationIsCountedAndRecoveredWithANewToken() {
		Set<Long> ids = ids(redis.connections(CLIENT_NAME));
		assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
		long failedBefore = this.reauthentications.failed();
		redis.rejectNextTokens(1);
		String rejected;
		this.provider.refresh();
		rejected = newestUser();
		assertThat(redis.users()).doesNotContain(rejected);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.reauthentications.failed() > failedBefore);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			String newest = newestUser();
			return !newest.equals(rejected) && redis.users().contains(newest)
					&& users(redis.connections(CLIENT_NAME)).equals(Set.of(newest));
		});
		assertThat(ids(redis.connections(CLIENT_NAME))).isEqualTo(ids);
		assertThat(this.reauthentications.lastFailure()).isNotNull();
		exercise("after-recovery");
		System.out.printf("REAUTH-REPORT recovery: failed=%d reconnects=%d%n",
				this.reauthentications.failed() - failedBefore, this.reauthentications.reconnects());
	}

	@Test
	void connectionRejectedAgainIsReconnectedWithTheNewestToken() {
		Set<Long> ids = ids(redis.connections(CLIENT_NAME));
		long reconnectsBefore = this.reauthentications.reconnects();
		long failedBefore = this.reauthentications.failed();
		// the forced token and the one the recovery fetches are both unknown to Redis
		redis.rejectNextTokens(2);
		try {
			this.provider.refresh();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.reauthentications.reconnects() > reconnectsBefore);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				String newest = newestUser();
				List<RedisConnectionInfo> now = redis.connections(CLIENT_NAME);
				return redis.users().contains(newest) && now.size() >= 3 && users(now).equals(Set.of(newest));
			});
		}
		finally {
			redis.rejectNextTokens(0);
		}
		assertThat(ids(redis.connections(CLIENT_NAME))).isNotEqualTo(ids);
		exercise("after-reconnect");
		System.out.printf("REAUTH-REPORT repeated failure: failed=%d reconnects=%d%n",
				this.reauthentications.failed() - failedBefore,
				this.reauthentications.reconnects() - reconnectsBefore);
	}

	@Test
	void entraOutageShorterThanTheTokensRemainingLifeFailsNoCommand() throws Exception {
		List<RedisConnectionInfo> live = redis.connections(CLIENT_NAME);
		assertThat(live).hasSizeGreaterThanOrEqualTo(3);
		String before = newestUser();
		await().atMost(Duration.ofSeconds(20)).until(() -> !newestUser().equals(before));
		int requestsBefore = emulator.requests().size();
		long deactivatedBefore = this.connectionEvents.deactivated();
		String duringOutage = newestUser();
		emulator.faults().outage(true);
		int commands = 0;
		int failures = 0;
		long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		try {
			while (System.nanoTime() < outageEnds) {
				try {
					exercise("outage-" + commands++);
				}
				catch (RuntimeException | AssertionError ex) {
					failures++;
				}
				Thread.sleep(50);
			}
		}
		finally {
			emulator.faults().outage(false);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !newestUser().equals(duringOutage)
				&& users(redis.connections(CLIENT_NAME)).equals(Set.of(newestUser())));
		await().atMost(Duration.ofSeconds(15)).until(() -> !redis.users().contains(duringOutage));
		for (int i = 0; i < 10; i++) {
			exercise("after-outage-" + i);
		}
		// the refresh really ran into the outage (azure-identity retries the 503s itself)
		long fetchFailures = emulator.requests()
			.subList(requestsBefore, emulator.requests().size())
			.stream()
			.filter((request) -> request.status() == 503)
			.count();
		assertThat(fetchFailures).isPositive();
		assertThat(failures).isZero();
		assertThat(this.connectionEvents.deactivated() - deactivatedBefore).isZero();
		System.out.printf("REAUTH-REPORT outage: 5s outage, %d command rounds, 0 failed, %d token requests answered 503,"
				+ " %d live connections (%s)%n", commands, fetchFailures, live.size(),
				live.stream().map((c) -> c.id() + ":" + c.lastCommand() + ":age=" + c.fields().get("age")).toList());
	}

	private void exercise(String value) {
		RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, value);
	}

	/**
	 * The negative control: with re-authentication off, the same scenario gets every connection
	 * closed when its token expires, which proves the test above can fail.
	 */
	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = RedisTestApplication.class,
			properties = { "entra.token.refresh-before-expiry=4s", "entra.redis.reauthenticate=false" })
	@DirtiesContext
	class WithReauthenticationOff {

		private static final String OFF_CLIENT_NAME = "reauth-off-app";

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

		@DynamicPropertySource
		static void redisProperties(DynamicPropertyRegistry registry) {
			RedisTestApplication.properties(registry, emulator, redis, OFF_CLIENT_NAME);
		}

		@Test
		void connectionsAreClosedWhenTheirTokenExpires() {
			RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "off");
			List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, OFF_CLIENT_NAME, 3);
			Set<Long> ids = ids(live);
			String first = RedisTestApplication.newestUser(this.tokenManagers);
			assertThat(users(live)).containsOnly(first);
			long deactivatedBefore = this.connectionEvents.deactivated();
			long started = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.connectionEvents.deactivated() > deactivatedBefore);
			long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			// Lettuce reconnects, with the newest token, as new connections
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				List<RedisConnectionInfo> now = redis.connections(OFF_CLIENT_NAME);
				return now.size() >= 3 && ids(now).stream().noneMatch(ids::contains)
						&& !users(now).contains(first);
			});
			assertThat(this.reauthentications.succeeded()).isZero();
			RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "off-again");
			System.out.printf("REAUTH-REPORT negative control: %d connections closed at expiry after %d ms, "
					+ "%d deactivations, 0 re-authentications%n", ids.size(), closedAfter,
					this.connectionEvents.deactivated() - deactivatedBefore);
		}

	}

	/** A configured user name is sent instead of the token's oid. */
	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = RedisTestApplication.class,
			properties = { "entra.redis.username=fixed-user", "entra.token.refresh-before-expiry=4s" })
	@DirtiesContext
	class WithUsernameOverride {

		private static final String FIXED_CLIENT_NAME = "fixed-user-app";

		private static final String FIXED_CLIENT_ID = "fixed-user-client";

		static {
			emulator.registerSecretClient(FIXED_CLIENT_ID, RedisTestApplication.CLIENT_SECRET);
			// every token of this client is a password of the one user 'fixed-user'
			emulator.onTokenIssued((token) -> {
				if (token.clientId().equals(FIXED_CLIENT_ID)) {
					redis.admin()
						.aclSetuser("fixed-user", io.lettuce.core.AclSetuserArgs.Builder.on()
							.addPassword(token.jwt())
							.allKeys()
							.allChannels()
							.allCommands());
				}
			});
		}

		@Autowired
		private StringRedisTemplate template;

		@Autowired
		private ReactiveStringRedisTemplate reactiveTemplate;

		@Autowired
		private BlockingQueue<String> receivedMessages;

		@Autowired
		private EntraRedisCredentialsProvider provider;

		@Autowired
		private RedisReauthentications reauthentications;

		@DynamicPropertySource
		static void redisProperties(DynamicPropertyRegistry registry) {
			RedisTestApplication.properties(registry, emulator, redis, FIXED_CLIENT_NAME, FIXED_CLIENT_ID);
		}

		@Test
		void connectionsAuthenticateAndReauthenticateAsTheConfiguredUser() {
			RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "fixed");
			List<RedisConnectionInfo> live = RedisTestApplication.awaitConnections(redis, FIXED_CLIENT_NAME, 3);
			assertThat(users(live)).containsOnly("fixed-user");
			long succeededBefore = this.reauthentications.succeeded();
			long failedBefore = this.reauthentications.failed();
			this.provider.refresh();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.reauthentications.succeeded() >= succeededBefore + live.size());
			assertThat(this.reauthentications.failed()).isEqualTo(failedBefore);
			assertThat(ids(redis.connections(FIXED_CLIENT_NAME))).isEqualTo(ids(live));
			RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "fixed-2");
		}

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
