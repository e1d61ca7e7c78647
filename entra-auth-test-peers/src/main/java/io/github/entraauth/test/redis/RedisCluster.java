package io.github.entraauth.test.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An OSS Redis cluster of masters, one {@link RedisServer} per node, as Azure Managed Redis presents itself with
 * its default OSS cluster policy: clients open connections per node and follow the topology. Started by
 * {@link RedisServerBuilder#startCluster(int)}; every node accepts the same tokens, so an issued token becomes
 * an ACL user on every node, and with token expiry enforced every node deletes it at {@code exp}, closing the
 * connections still authenticated with it on that node.
 */
public final class RedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);

	private final List<RedisServer> nodes;

	private RedisCluster(List<RedisServer> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	static RedisCluster form(List<RedisServer> nodes) {
		RedisServer first = nodes.get(0);
		for (RedisServer node : nodes.subList(1, nodes.size())) {
			first.admin().clusterMeet(node.host(), node.serverPort());
		}
		for (int i = 0; i < nodes.size(); i++) {
			int from = SLOTS * i / nodes.size();
			int to = SLOTS * (i + 1) / nodes.size();
			nodes.get(i).admin().clusterAddSlots(IntStream.range(from, to).toArray());
		}
		RedisCluster cluster = new RedisCluster(nodes);
		cluster.awaitState();
		return cluster;
	}

	/**
	 * The nodes, each a master owning an equal share of the slots.
	 * @return the nodes in start order
	 */
	public List<RedisServer> nodes() {
		return this.nodes;
	}

	/**
	 * The value for {@code spring.data.redis.cluster.nodes}.
	 * @return {@code 127.0.0.1:<port>,...} for every node
	 */
	public String nodesProperty() {
		return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
	}

	/**
	 * The client connections with the given client name on every node.
	 * @param clientName the name ({@code spring.data.redis.client-name})
	 * @return per node port, its matching connections
	 */
	public Map<Integer, List<RedisConnectionInfo>> connections(String clientName) {
		Map<Integer, List<RedisConnectionInfo>> connections = new LinkedHashMap<>();
		this.nodes.forEach((node) -> connections.put(node.port(), node.connections(clientName)));
		return connections;
	}

	/**
	 * The ACL users of any node, the admin user included.
	 * @return the union of the nodes' users
	 */
	public Set<String> users() {
		Set<String> users = new LinkedHashSet<>();
		this.nodes.forEach((node) -> users.addAll(node.users()));
		return users;
	}

	/**
	 * The number of keys each node holds ({@code DBSIZE}), to check that keys spread over every shard.
	 * @return per node port, its key count
	 */
	public Map<Integer, Long> keysPerNode() {
		Map<Integer, Long> keys = new LinkedHashMap<>();
		this.nodes.forEach((node) -> keys.put(node.port(), node.admin().dbsize()));
		return keys;
	}

	/**
	 * Expires a token on every node (see {@link RedisServer#expire(String)}).
	 * @param username the user
	 * @return whether any node had the user
	 */
	public boolean expire(String username) {
		boolean existed = false;
		for (RedisServer node : this.nodes) {
			existed |= node.expire(username);
		}
		return existed;
	}

	/**
	 * See {@link RedisServer#springSslBundleProperties(String)}; the nodes share one certificate.
	 * @param bundleName the name of the bundle
	 * @return the SSL bundle properties
	 * @throws IllegalStateException if the cluster is not in TLS mode
	 */
	public Map<String, String> springSslBundleProperties(String bundleName) {
		return this.nodes.get(0).springSslBundleProperties(bundleName);
	}

	/**
	 * Stops every node.
	 */
	@Override
	public void close() {
		this.nodes.forEach(RedisServer::close);
	}

	private void awaitState() {
		long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
		while (!this.nodes.stream().allMatch((node) -> node.admin().clusterInfo().contains("cluster_state:ok"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The Redis cluster did not reach cluster_state:ok within "
						+ FORMATION_TIMEOUT.toSeconds() + " s: " + this.nodes.get(0).admin().clusterNodes());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the Redis cluster formed", ex);
			}
		}
	}

}
