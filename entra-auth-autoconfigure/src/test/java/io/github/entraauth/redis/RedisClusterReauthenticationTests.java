package io.github.entraauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisCluster;
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
 * Re-AUTH against an OSS cluster over TLS, the shape of Azure Managed Redis: three TLS masters, Boot's
 * cluster connection with topology refresh on, keys on every shard, pub/sub, and 12 s tokens refreshed
 * 6 s before expiry (shorter margins lost commands on a loaded 2-core machine, where a re-AUTH came after exp); each token generation is an ACL user on every node, deleted on every node at its exp.
 */
@SpringBootTest(classes = RedisTestApplication.class,
		properties = { "entra.token.refresh-before-expiry=6s", "entra.token.retry-initial-backoff=200ms",
				"entra.token.retry-max-backoff=500ms", "spring.data.redis.timeout=3s",
				"spring.data.redis.lettuce.cluster.refresh.period=1s",
				"spring.data.redis.lettuce.cluster.refresh.adaptive=true" })
@DirtiesContext
class RedisClusterReauthenticationTests {

	private static final String CLIENT_NAME = "cluster-reauth-app";

	private static final Set<String> TOPOLOGY_COMMANDS = Set.of("cluster|myid", "cluster|nodes", "info",
			"client|list", "command");

	private static final EntraEmulator emulator = RedisTestApplication.emulator(Duration.ofSeconds(12));

	private static final RedisCluster cluster = RedisServer.builder()
		.tls()
		.acceptTokensFrom(emulator)
		.enforceTokenExpiry(true)
		.startCluster(3);

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
	private LettuceConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		clusterProperties(registry, CLIENT_NAME);
	}

	@AfterAll
	static void stopPeers() {
		cluster.close();
		emulator.close();
	}

	@Test
	void everyNodeConnectionIsOnTheNewTokenBeforeTheOldExpiresAcrossThreeRefreshesWithoutAFailedCommand() throws Exception {
		assertThat(this.connectionFactory.getClusterConfiguration()).isNotNull();
		assertThat(this.connectionFactory.isUseSsl()).isTrue();
		for (int i = 0; i < 40; i++) {
			this.template.opsForValue().set("spread-" + i, Integer.toString(i));
		}
		assertThat(cluster.keysPerNode().values()).allSatisfy((keys) -> assertThat(keys).isPositive());
		RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages, "cluster-warm-up");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> cluster.connections(CLIENT_NAME).values().stream().noneMatch(List::isEmpty));
		assertThat(allConnections()).anySatisfy((c) -> assertThat(c.fields().get("sub")).isEqualTo("1"));
		long failedBefore = this.reauthentications.failed();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong commands = new AtomicLong();
		AtomicLong failedCommands = new AtomicLong();
		AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
		CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
			while (running.get()) {
				long n = commands.incrementAndGet();
				try {
					this.template.opsForValue().set("load-" + (n % 40), Long.toString(n));
					Thread.sleep(5);
				}
				catch (RuntimeException ex) {
					failedCommands.incrementAndGet();
					firstFailure.compareAndSet(null, ex);
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
				// on every node every named data and pub/sub connection is on the new token before the old one expires;
				// Lettuce's topology connections (last command cluster|myid/nodes, info) are left out: they are
				// opened per refresh with the token current then and not re-AUTHed (seen once on the previous token)
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(usersPerNode()).allSatisfy((port, connections) -> assertThat(connections)
						.as("user#id/last command of the named connections on node %d", port)
						.isNotEmpty()
						.allSatisfy((connection) -> assertThat(connection).startsWith(next + "#"))));
				await().atMost(Duration.ofSeconds(15)).until(() -> !cluster.users().contains(before));
				RedisTestApplication.exercise(this.template, this.reactiveTemplate, this.receivedMessages,
						"cluster-round-" + round);
				generations.add(next);
				previous = next;
			}
		}
		finally {
			running.set(false);
			load.get(30, TimeUnit.SECONDS);
		}
		assertThat(generations).doesNotHaveDuplicates().hasSize(4);
		assertThat(cluster.users()).doesNotContainAnyElementsOf(generations.subList(0, 3));
		assertThat(commands.get()).isPositive();
		assertThat(failedCommands.get()).as("failed commands, the first: %s", firstFailure.get()).isZero();
		assertThat(this.reauthentications.failed() - failedBefore).isZero();
		System.out.printf("REAUTH-REPORT cluster: nodes=3 connections-now=%s refreshes=3 commands=%d "
				+ "failed-commands=0%n", nodeIds(CLIENT_NAME), commands.get());
	}

	/** The negative control on the cluster: with re-AUTH off, the node connections are closed at expiry. */
	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = RedisTestApplication.class,
			properties = { "entra.token.refresh-before-expiry=4s", "entra.redis.reauthenticate=false",
					"spring.data.redis.lettuce.cluster.refresh.period=1s" })
	@DirtiesContext
	class WithReauthenticationOff {

		private static final String OFF_CLIENT_NAME = "cluster-reauth-off-app";

		@Autowired
		private StringRedisTemplate template;

		@DynamicPropertySource
		static void redisProperties(DynamicPropertyRegistry registry) {
			clusterProperties(registry, OFF_CLIENT_NAME);
		}

		@Test
		void nodeConnectionsAreClosedWhenTheirTokenExpires() {
			for (int i = 0; i < 40; i++) {
				this.template.opsForValue().set("off-" + i, Integer.toString(i));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> cluster.connections(OFF_CLIENT_NAME).values().stream().noneMatch(List::isEmpty));
			Set<String> live = nodeIds(OFF_CLIENT_NAME);
			await().atMost(Duration.ofSeconds(30)).until(() -> nodeIds(OFF_CLIENT_NAME).stream().noneMatch(live::contains));
		}

	}

	private static void clusterProperties(DynamicPropertyRegistry registry, String clientName) {
		registry.add("spring.data.redis.cluster.nodes", cluster::nodesProperty);
		registry.add("spring.data.redis.client-name", () -> clientName);
		cluster.springSslBundleProperties("redis").forEach((name, value) -> registry.add(name, () -> value));
		emulator.starterProperties(RedisTestApplication.CLIENT_ID, RedisTestApplication.CLIENT_SECRET)
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	private static Map<Integer, List<String>> usersPerNode() {
		Map<Integer, List<String>> users = new java.util.LinkedHashMap<>();
		cluster.connections(CLIENT_NAME)
			.forEach((port, connections) -> users.put(port,
					connections.stream()
						.filter((c) -> !TOPOLOGY_COMMANDS.contains(c.lastCommand()))
						.map((c) -> c.user() + "#" + c.id() + "/" + c.lastCommand())
						.toList()));
		return users;
	}

	/** Client ids are per node: port and id name one connection of the cluster. */
	private static Set<String> nodeIds(String clientName) {
		return cluster.connections(clientName)
			.entrySet()
			.stream()
			.flatMap((node) -> node.getValue().stream().map((c) -> node.getKey() + ":" + c.id()))
			.collect(Collectors.toSet());
	}

	private List<RedisConnectionInfo> allConnections() {
		return flatten(cluster.connections(CLIENT_NAME).values());
	}

	private static List<RedisConnectionInfo> flatten(Collection<List<RedisConnectionInfo>> perNode) {
		return perNode.stream().flatMap(List::stream).toList();
	}

	private String newestUser() {
		return RedisTestApplication.newestUser(this.tokenManagers);
	}

	private static Set<String> users(List<RedisConnectionInfo> connections) {
		return connections.stream().map(RedisConnectionInfo::user).collect(Collectors.toSet());
	}

}
