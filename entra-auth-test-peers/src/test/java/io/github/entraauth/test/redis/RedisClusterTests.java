package io.github.entraauth.test.redis;

import java.util.List;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisClusterTests {

	@Test
	void tlsClusterOfThreeMastersServesKeysOnEveryShardAndCreatesUsersOnEveryNode() {
		try (RedisCluster cluster = RedisServer.builder().tls().startCluster(3)) {
			assertThat(cluster.nodes()).hasSize(3);
			assertThat(cluster.nodesProperty().split(",")).hasSize(3);
			cluster.nodes().forEach((node) -> node.addUser("app", "app-secret"));
			List<RedisURI> seeds = cluster.nodes()
				.stream()
				.map((node) -> RedisURI.builder()
					.withHost(node.host())
					.withPort(node.port())
					.withSsl(true)
					.withAuthentication("app", "app-secret")
					.build())
				.toList();
			RedisClusterClient client = RedisClusterClient.create(seeds);
			client.setOptions(ClusterClientOptions.builder()
				.sslOptions(SslOptions.builder().trustManager(cluster.nodes().get(0).trustCertificatePem().toFile()).build())
				.build());
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				for (int i = 0; i < 30; i++) {
					connection.sync().set("key-" + i, "v" + i);
				}
				assertThat(connection.sync().get("key-7")).isEqualTo("v7");
				assertThat(cluster.keysPerNode().values()).allSatisfy((keys) -> assertThat(keys).isPositive());
				assertThat(cluster.expire("app")).isTrue();
				assertThat(cluster.users()).doesNotContain("app");
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void fewerThanThreeMastersAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisServer.builder().startCluster(2))
			.withMessageContaining("at least 3");
	}

}
