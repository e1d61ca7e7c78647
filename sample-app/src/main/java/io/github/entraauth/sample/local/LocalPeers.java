package io.github.entraauth.sample.local;

import java.util.HashMap;
import java.util.Map;

import io.github.entraauth.test.entra.EntraEmulator;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code local} profile, starts the embedded peers from {@code entra-auth-test} before the
 * application context refreshes, and points the ordinary {@code spring.*} and {@code entra.*}
 * properties at them. The peers stop with the context.
 */
public class LocalPeers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String CLIENT_ID = "sample-app";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		EntraEmulator emulator = EntraEmulator.builder()
			.tokenLifetime(environment.getProperty("sample.local.token-lifetime", java.time.Duration.class,
					java.time.Duration.ofMinutes(2)))
			.start();
		String secret = java.util.UUID.randomUUID().toString();
		emulator.registerSecretClient(CLIENT_ID, secret, "Orders.ReadWrite");
		context.getBeanFactory().registerSingleton("localEntraEmulator", emulator);
		Map<String, Object> properties = new HashMap<>();
		properties.put("entra.credential.type", "client-secret");
		properties.put("entra.credential.tenant-id", emulator.tenantId());
		properties.put("entra.credential.client-id", CLIENT_ID);
		properties.put("entra.credential.client-secret", secret);
		properties.put("entra.credential.authority-host", emulator.authorityHost());
		properties.put("entra.credential.instance-discovery", "false");
		properties.put("entra.credential.ssl-bundle", "local-entra");
		properties.put("spring.ssl.bundle.pem.local-entra.truststore.certificate",
				"file:" + emulator.trustCertificatePem());
		environment.getPropertySources().addFirst(new MapPropertySource("localPeers", properties));
	}

}
