package io.github.entraauth.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Warns when the connection factory points at an Azure Redis host without TLS: Azure accepts
 * Entra ID tokens over TLS only, and a token must never cross the network in clear text.
 */
final class AzureRedisTlsCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(AzureRedisTlsCheck.class);

	private static final List<String> AZURE_SUFFIXES = List.of(".redis.cache.windows.net", ".redis.azure.net",
			".redisenterprise.cache.azure.net", ".redis.cache.chinacloudapi.cn", ".redis.cache.usgovcloudapi.net");

	private final ObjectProvider<LettuceConnectionFactory> connectionFactories;

	AzureRedisTlsCheck(ObjectProvider<LettuceConnectionFactory> connectionFactories) {
		this.connectionFactories = connectionFactories;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.connectionFactories.orderedStream().forEach(this::check);
	}

	private void check(LettuceConnectionFactory factory) {
		if (factory.isUseSsl()) {
			return;
		}
		List<String> azureHosts = hosts(factory).stream().filter(AzureRedisTlsCheck::isAzureHost).toList();
		if (!azureHosts.isEmpty()) {
			logger.warn("Redis host " + azureHosts.get(0) + " is an Azure Redis endpoint but TLS is off: Azure only"
					+ " accepts Entra ID tokens over TLS. Set spring.data.redis.ssl.enabled=true (port 6380 for Azure"
					+ " Cache for Redis, 10000 for Azure Managed Redis).");
		}
	}

	static boolean isAzureHost(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		return AZURE_SUFFIXES.stream().anyMatch(lower::endsWith);
	}

	private static List<String> hosts(LettuceConnectionFactory factory) {
		List<String> hosts = new ArrayList<>();
		RedisClusterConfiguration cluster = factory.getClusterConfiguration();
		RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
		if (cluster != null) {
			cluster.getClusterNodes().forEach((node) -> addHost(hosts, node));
		}
		else if (sentinel != null) {
			sentinel.getSentinels().forEach((node) -> addHost(hosts, node));
		}
		else {
			hosts.add(factory.getHostName());
		}
		return hosts;
	}

	private static void addHost(List<String> hosts, RedisNode node) {
		String host = node.getHost();
		if (host != null) {
			hosts.add(host);
		}
	}

}
