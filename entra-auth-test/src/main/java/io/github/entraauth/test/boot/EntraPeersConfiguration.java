package io.github.entraauth.test.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.github.entraauth.credential.CredentialSettings;
import io.github.entraauth.credential.CredentialType;
import io.github.entraauth.credential.EntraConnectionDetails;
import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.autoconfigure.LivyConnectionDetails;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The local Entra world as Spring Boot service connections. An Entra ID emulator becomes the application's
 * identity ({@link EntraConnectionDetails}: a registered client with a secret, trusted through an SSL bundle
 * registered here); when the application has spring-kafka, an OAUTHBEARER broker on its {@code SASL_SSL}
 * listener, the Event Hubs shape ({@link KafkaConnectionDetails}); with Spring Data Redis, a TLS-only
 * {@code redis-server} that takes the emulator's tokens and closes connections whose token expired, the
 * Azure Cache for Redis shape ({@link DataRedisConnectionDetails}); and a Fabric-dialect Livy emulator that
 * checks every bearer token ({@link LivyConnectionDetails}). The peers are beans and stop with the context,
 * after the application's beans that use them.
 * <p>
 * In a test: {@link EntraPeers}. At development time, from {@code src/test/java}:
 * {@code SpringApplication.from(MyApplication::main).with(EntraPeersConfiguration.class).run(args)}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ EntraPeersConfiguration.KafkaPeer.class, EntraPeersConfiguration.RedisPeer.class,
		EntraPeersConfiguration.LivyPeer.class })
public class EntraPeersConfiguration {

	/** The client the application authenticates as. */
	public static final String CLIENT_ID = "entra-peers-app";

	/** The SSL bundle that trusts the Entra emulator's HTTPS endpoint. */
	public static final String ENTRA_SSL_BUNDLE = "entra-peers-entra";

	static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";

	@Bean(destroyMethod = "close")
	EntraEmulator entraPeersEntraEmulator() {
		return EntraEmulator.start();
	}

	@Bean
	EntraConnectionDetails entraPeersEntraConnectionDetails(EntraEmulator entra) {
		String secret = UUID.randomUUID().toString();
		entra.registerSecretClient(CLIENT_ID, secret);
		CredentialSettings settings = new CredentialSettings(CredentialType.CLIENT_SECRET, entra.tenantId(), CLIENT_ID,
				secret, null, null, null, entra.authorityHost(), false, ENTRA_SSL_BUNDLE);
		return () -> settings;
	}

	@Bean
	SslBundleRegistrar entraPeersSslBundles(EntraEmulator entra) {
		return (registry) -> registry.registerBundle(ENTRA_SSL_BUNDLE, trusting(entra.trustCertificatePem()));
	}

	/** A bundle that trusts one PEM certificate, read now: the file goes when its peer stops. */
	static SslBundle trusting(Path certificate) {
		try {
			String pem = Files.readString(certificate);
			return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(pem)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the peer's certificate " + certificate, ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails",
			"org.springframework.kafka.core.KafkaTemplate" })
	static class KafkaPeer {

		@Bean(destroyMethod = "close")
		OAuthBearerKafkaBroker entraPeersKafkaBroker(EntraEmulator entra) {
			return OAuthBearerKafkaBroker.builder(entra).start();
		}

		@Bean
		KafkaConnectionDetails entraPeersKafkaConnectionDetails(OAuthBearerKafkaBroker broker) {
			SslBundle trust = trusting(broker.trustCertificatePem());
			List<String> servers = List.of(broker.sslBootstrapServers().split(","));
			return new KafkaConnectionDetails() {

				@Override
				public List<String> getBootstrapServers() {
					return servers;
				}

				@Override
				public SslBundle getSslBundle() {
					return trust;
				}

				@Override
				public String getSecurityProtocol() {
					return "SASL_SSL";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
	static class RedisPeer {

		@Bean(destroyMethod = "close")
		RedisServer entraPeersRedisServer(EntraEmulator entra) {
			return RedisServer.builder().tls().acceptTokensFrom(entra).start();
		}

		@Bean
		DataRedisConnectionDetails entraPeersRedisConnectionDetails(RedisServer redis) {
			SslBundle trust = trusting(redis.trustCertificatePem());
			DataRedisConnectionDetails.Standalone standalone = DataRedisConnectionDetails.Standalone.of(redis.host(), redis.port());
			return new DataRedisConnectionDetails() {

				@Override
				public SslBundle getSslBundle() {
					return trust;
				}

				@Override
				public Standalone getStandalone() {
					return standalone;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
	static class LivyPeer {

		@Bean(destroyMethod = "close")
		LivyEmulator entraPeersLivyEmulator(EntraEmulator entra) {
			return LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), FABRIC_AUDIENCE);
		}

		@Bean
		LivyConnectionDetails entraPeersLivyConnectionDetails(LivyEmulator livy) {
			String baseUrl = livy.baseUrl();
			return new LivyConnectionDetails() {

				@Override
				public String getBaseUrl() {
					return baseUrl;
				}

				@Override
				public LivyDialect getDialect() {
					return LivyDialect.FABRIC;
				}

			};
		}

	}

}
