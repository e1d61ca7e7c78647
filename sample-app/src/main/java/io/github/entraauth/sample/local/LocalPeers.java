package io.github.entraauth.sample.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code local} profile, starts the embedded peers from {@code entra-auth-test} before the
 * application context refreshes and points the ordinary {@code spring.*} and {@code entra.*}
 * properties at them: an Entra ID emulator issuing short-lived tokens, a Kafka broker that
 * validates them on an OAUTHBEARER listener with re-authentication, a real redis-server with one
 * ACL user per token (deleted when the token expires, as Azure does), and a Fabric-dialect Livy
 * emulator that checks every bearer token. The peers stop after the application's own beans.
 */
public class LocalPeers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String CLIENT_ID = "sample-app";

	static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		Duration tokenLifetime = environment.getProperty("sample.local.token-lifetime", Duration.class,
				Duration.ofSeconds(30));
		EntraEmulator entra = EntraEmulator.builder().tokenLifetime(tokenLifetime).start();
		String secret = UUID.randomUUID().toString();
		entra.registerSecretClient(CLIENT_ID, secret, "Orders.ReadWrite");
		OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra)
			.reauthentication(Duration.ofSeconds(5))
			.topics(environment.getProperty("sample.topic", "orders"))
			.start();
		RedisServer redis = RedisServer.start().acceptTokensFrom(entra).enforceTokenExpiry(true);
		LivyEmulator livy = LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), FABRIC_AUDIENCE);
		((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("localPeers", () -> {
			livy.close();
			redis.close();
			kafka.close();
			entra.close();
		});
		Map<String, Object> properties = new HashMap<>();
		properties.put("entra.credential.type", "client-secret");
		properties.put("entra.credential.tenant-id", entra.tenantId());
		properties.put("entra.credential.client-id", CLIENT_ID);
		properties.put("entra.credential.client-secret", secret);
		properties.put("entra.credential.authority-host", entra.authorityHost());
		properties.put("entra.credential.instance-discovery", "false");
		properties.put("entra.credential.ssl-bundle", "local-entra");
		properties.put("spring.ssl.bundle.pem.local-entra.truststore.certificate", "file:" + entra.trustCertificatePem());
		// the broker listens on localhost: the Event Hubs-style default scope is https://localhost/.default
		properties.put("spring.kafka.bootstrap-servers", kafka.saslBootstrapServers());
		properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
		// Kafka's refresh thread waits at least 60 s by default, longer than the local tokens live
		properties.put("spring.kafka.properties.sasl.login.refresh.min.period.seconds", "1");
		properties.put("spring.kafka.properties.sasl.login.refresh.buffer.seconds", "1");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("entra.livy.base-url", livy.baseUrl());
		environment.getPropertySources().addFirst(new MapPropertySource("localPeers", properties));
	}

}
