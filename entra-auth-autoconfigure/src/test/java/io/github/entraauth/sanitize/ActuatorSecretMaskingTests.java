package io.github.entraauth.sanitize;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.entraauth.credential.EntraCredentialProperties;
import io.github.entraauth.security.EntraSecurityProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With show-values=always, the env and configprops endpoints show no secret, whether the key is written as an
 * environment variable (ENTRA_CREDENTIAL_CLIENT_SECRET, AZURE_CLIENT_SECRET, the sample's ENTRA_WEB_SECRET), in
 * dotted form or in camelCase, while ordinary values stay visible.
 */
class ActuatorSecretMaskingTests {

	private static final Map<String, String> SECRETS = Map.of("ENTRA_CREDENTIAL_CLIENT_SECRET", "s1-credential-secret",
			"ENTRA_CREDENTIAL_CERTIFICATE_PASSWORD", "s2-pfx-password", "AZURE_CLIENT_SECRET", "s3-azure-secret",
			"AZURE_CLIENT_CERTIFICATE_PASSWORD", "s4-azure-pfx-password", "ENTRA_WEB_SECRET", "s5-web-secret",
			"ENTRA_SECURITY_CLIENT_SECRET", "s6-security-secret", "APP_PRIVATE_KEY", "s7-private-key",
			"GITHUB_TOKEN", "s8-a-token", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "s9-jaas");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EnvironmentEndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class, EntraSanitizingAutoConfiguration.class))
		.withUserConfiguration(Bound.class)
		.withInitializer((context) -> {
			Map<String, Object> variables = new LinkedHashMap<>(SECRETS);
			variables.put("ENTRA_CREDENTIAL_CLIENT_ID", "visible-client-id");
			variables.put("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token");
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("testEnvironment", variables));
		})
		.withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always",
				"management.endpoint.configprops.show-values=always", "entra.security.client-id=web-app",
				"my.clientSecret=s10-camel-secret");

	@Test
	void envEndpointShowsNoSecretOfEnvironmentStyleDottedOrCamelCaseKeys() {
		this.runner.run((context) -> {
			String env = JsonMapper.shared()
				.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
			assertThat(env).contains("ENTRA_CREDENTIAL_CLIENT_SECRET", "AZURE_CLIENT_SECRET", "ENTRA_WEB_SECRET",
					"my.clientSecret");
			SECRETS.values().forEach((secret) -> assertThat(env).doesNotContain(secret));
			assertThat(env).doesNotContain("s10-camel-secret");
			assertThat(env).contains("visible-client-id", "/var/run/secrets/azure/tokens/azure-identity-token");
		});
	}

	@Test
	void configpropsEndpointShowsNoSecretBoundFromEnvironmentVariables() {
		this.runner.run((context) -> {
			String configprops = JsonMapper.shared()
				.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
			assertThat(configprops).contains("clientSecret", "visible-client-id");
			SECRETS.values().forEach((secret) -> assertThat(configprops).doesNotContain(secret));
		});
	}

	@Test
	void keysAreNormalisedBeforeMatching() {
		assertThat(SecretKeys.words("entra.credential.clientSecret")).containsExactly("entra", "credential", "client",
				"secret");
		assertThat(SecretKeys.isSecret("entra.security.client-secret")).isTrue();
		assertThat(SecretKeys.isSecret("ENTRA_CREDENTIAL_CERTIFICATE_PASSWORD")).isTrue();
		assertThat(SecretKeys.isSecret("certificatePassword")).isTrue();
		assertThat(SecretKeys.isSecret("entra.security.clientsecret")).isTrue();
		assertThat(SecretKeys.isSecret("spring.ssl.bundle.pem.app.keystore.private-key")).isTrue();
		assertThat(SecretKeys.isSecret("refresh_token")).isTrue();
		assertThat(SecretKeys.isSecret("entra.security.livy.store.encryption-key")).isTrue();
		assertThat(SecretKeys.isSecret("ENTRA_SECURITY_LIVY_STORE_ENCRYPTIONKEY")).isTrue();
		assertThat(SecretKeys.isSecret("entra.token.refresh-before-expiry")).isFalse();
		assertThat(SecretKeys.isSecret("AZURE_FEDERATED_TOKEN_FILE")).isFalse();
		assertThat(SecretKeys.isSecret("entra.credential.client-id")).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ EntraCredentialProperties.class, EntraSecurityProperties.class })
	static class Bound {

	}

}
