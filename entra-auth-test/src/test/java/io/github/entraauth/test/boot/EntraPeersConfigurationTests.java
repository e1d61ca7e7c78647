package io.github.entraauth.test.boot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.entraauth.credential.EntraConnectionDetails;
import io.github.entraauth.livy.autoconfigure.LivyConnectionDetails;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peers' configuration starts a peer only for what the application can use, gives each a service connection,
 * registers the trust of the Entra emulator as an SSL bundle, and stops the peers with the context.
 */
class EntraPeersConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
		.withUserConfiguration(EntraPeersConfiguration.class);

	@Test
	void everyPeerWithItsServiceConnectionAndTheEntraTrustBundle() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(EntraEmulator.class)
				.hasSingleBean(OAuthBearerKafkaBroker.class)
				.hasSingleBean(RedisServer.class)
				.hasSingleBean(LivyEmulator.class);
			EntraEmulator entra = context.getBean(EntraEmulator.class);
			assertThat(context.getBean(EntraConnectionDetails.class).getCredentialSettings())
				.satisfies((settings) -> {
					assertThat(settings.authorityHost()).isEqualTo(entra.authorityHost());
					assertThat(settings.tenantId()).isEqualTo(entra.tenantId());
					assertThat(settings.sslBundle()).isEqualTo(EntraPeersConfiguration.ENTRA_SSL_BUNDLE);
				});
			assertThat(context.getBean(SslBundles.class).getBundle(EntraPeersConfiguration.ENTRA_SSL_BUNDLE)
				.getStores()
				.getTrustStore()
				.size()).isEqualTo(1);
			KafkaConnectionDetails kafka = context.getBean(KafkaConnectionDetails.class);
			assertThat(kafka.getSecurityProtocol()).isEqualTo("SASL_SSL");
			assertThat(String.join(",", kafka.getBootstrapServers()))
				.isEqualTo(context.getBean(OAuthBearerKafkaBroker.class).sslBootstrapServers());
			DataRedisConnectionDetails redis = context.getBean(DataRedisConnectionDetails.class);
			assertThat(redis.getStandalone().getPort()).isEqualTo(context.getBean(RedisServer.class).port());
			assertThat(redis.getSslBundle()).isNotNull();
			assertThat(context.getBean(LivyConnectionDetails.class).getBaseUrl())
				.isEqualTo(context.getBean(LivyEmulator.class).baseUrl());
		});
	}

	@Test
	void noBrokerForAnApplicationWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(OAuthBearerKafkaBroker.class);
			assertThat(context).hasSingleBean(RedisServer.class).hasSingleBean(LivyEmulator.class);
		});
	}

	@Test
	void noRedisForAnApplicationWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(RedisServer.class);
			assertThat(context).hasSingleBean(OAuthBearerKafkaBroker.class);
		});
	}

	@Test
	void thePeersStopWithTheContext() {
		List<String> addresses = new ArrayList<>();
		this.runner.run((context) -> {
			addresses.add(context.getBean(EntraEmulator.class).authorityHost());
			addresses.add("tcp://" + context.getBean(OAuthBearerKafkaBroker.class).sslBootstrapServers());
			addresses.add("tcp://127.0.0.1:" + context.getBean(RedisServer.class).port());
			addresses.add(context.getBean(LivyEmulator.class).baseUrl());
			assertThat(addresses).allSatisfy((address) -> assertThat(reachable(address)).as(address).isTrue());
		});
		assertThat(addresses).hasSize(4).allSatisfy((address) -> assertThat(reachable(address)).as(address).isFalse());
	}

	private static boolean reachable(String url) {
		URI uri = URI.create(url);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
