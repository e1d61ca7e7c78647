package io.github.entraauth.kafka.actuate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.security.auth.login.LoginException;

import io.github.entraauth.token.Redaction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka is UP when the configured cluster describes itself within a short timeout. When it does not, the
 * "failure" detail tells an authentication failure (refused token, no token) from an authorization failure and
 * from a network failure (unreachable or too slow), because each needs a different fix.
 */
class KafkaClusterHealthIndicator implements HealthIndicator {

	private final Supplier<Map<String, Object>> adminConfig;

	private final Duration timeout;

	KafkaClusterHealthIndicator(Supplier<Map<String, Object>> adminConfig, Duration timeout) {
		this.adminConfig = adminConfig;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		Map<String, Object> config = new HashMap<>(this.adminConfig.get());
		Object servers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		int millis = (int) this.timeout.toMillis();
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "entra-kafka-health");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
		Admin admin = null;
		try {
			admin = Admin.create(config);
			DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
			String clusterId = cluster.clusterId().get(2L * millis, TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(2L * millis, TimeUnit.MILLISECONDS).size();
			return Health.up()
				.withDetail("bootstrapServers", String.valueOf(servers))
				.withDetail("clusterId", String.valueOf(clusterId))
				.withDetail("nodes", nodes)
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return down(servers, ex);
		}
		catch (ExecutionException ex) {
			return down(servers, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (Exception ex) {
			return down(servers, ex);
		}
		finally {
			if (admin != null) {
				admin.close(Duration.ZERO);
			}
		}
	}

	private static Health down(Object servers, Throwable ex) {
		return Health.down()
			.withDetail("bootstrapServers", String.valueOf(servers))
			.withDetail("failure", failure(ex))
			.withDetail("error", ex.getClass().getSimpleName() + ": " + Redaction.redact(ex.getMessage()))
			.build();
	}

	/** Creating the client fails with a LoginException inside when no token could be had. */
	private static String failure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthenticationException || cause instanceof LoginException) {
				return "authentication";
			}
			if (cause instanceof AuthorizationException) {
				return "authorization";
			}
			if (cause instanceof RetriableException || cause instanceof TimeoutException) {
				return "network";
			}
		}
		return "error";
	}

}
