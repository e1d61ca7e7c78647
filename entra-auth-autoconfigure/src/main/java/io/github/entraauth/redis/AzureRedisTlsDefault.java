package io.github.entraauth.redis;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;

/**
 * Turns TLS on when every host Boot connects to is an Azure Redis endpoint and the application
 * did not set spring.data.redis.ssl.enabled itself: Azure accepts Entra ID tokens over TLS only,
 * so plain text there is a mistake that would send the token in clear. An explicit value wins
 * (and {@link AzureRedisTlsCheck} warns if it is false).
 */
final class AzureRedisTlsDefault implements LettuceClientConfigurationBuilderCustomizer {

	static final String SSL_ENABLED_PROPERTY = "spring.data.redis.ssl.enabled";

	private static final Log logger = LogFactory.getLog(AzureRedisTlsDefault.class);

	private final Environment environment;

	private final ObjectProvider<DataRedisConnectionDetails> connectionDetails;

	AzureRedisTlsDefault(Environment environment, ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
		this.environment = environment;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public void customize(LettuceClientConfigurationBuilder builder) {
		if (this.environment.containsProperty(SSL_ENABLED_PROPERTY)) {
			return;
		}
		DataRedisConnectionDetails details = this.connectionDetails.getIfUnique();
		if (details == null) {
			return;
		}
		List<String> hosts = hosts(details);
		if (!hosts.isEmpty() && hosts.stream().allMatch(AzureRedisTlsCheck::isAzureHost)) {
			logger.debug("Redis host " + hosts.get(0) + " is an Azure Redis endpoint: TLS turned on (set "
					+ SSL_ENABLED_PROPERTY + " to decide yourself)");
			builder.useSsl();
		}
	}

	private static List<String> hosts(DataRedisConnectionDetails details) {
		List<String> hosts = new ArrayList<>();
		if (details.getCluster() != null) {
			details.getCluster().getNodes().forEach((node) -> hosts.add(node.host()));
		}
		else if (details.getSentinel() != null) {
			details.getSentinel().getNodes().forEach((node) -> hosts.add(node.host()));
		}
		else if (details.getMasterReplica() != null) {
			details.getMasterReplica().getNodes().forEach((node) -> hosts.add(node.host()));
		}
		else if (details.getStandalone() != null) {
			hosts.add(details.getStandalone().getHost());
		}
		return hosts;
	}

}
