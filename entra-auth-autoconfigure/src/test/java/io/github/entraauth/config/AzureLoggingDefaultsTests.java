package io.github.entraauth.config;

import java.util.ArrayList;
import java.util.List;

import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.test.entra.EntraEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token request through azure-core's JDK client logs no restricted-header WARN in an application with the
 * starter, and an application that sets the logger's level itself still gets what it asked for.
 */
@ExtendWith(OutputCaptureExtension.class)
class AzureLoggingDefaultsTests {

	private static final String RESTRICTED = "The header is restricted by 'java.net.http.HttpClient'";

	static final EntraEmulator entra = EntraEmulator.start();

	@AfterAll
	static void close() {
		entra.close();
	}

	@Test
	void aTokenRequestLogsNoRestrictedHeaderWarning(CapturedOutput output) {
		fetchToken();
		assertThat(output.getOut()).contains("Started").doesNotContain(RESTRICTED);
	}

	@Test
	void theApplicationsOwnLevelWins(CapturedOutput output) {
		fetchToken(AzureLoggingDefaults.JDK_HTTP_CLIENT_LEVEL + "=warn");
		assertThat(output.getOut()).contains(RESTRICTED);
	}

	private static void fetchToken(String... properties) {
		entra.registerSecretClient("logging-app", "logging-secret");
		List<String> all = new ArrayList<>();
		entra.starterProperties("logging-app", "logging-secret").forEach((name, value) -> all.add(name + "=" + value));
		all.addAll(List.of(properties));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Credential.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run()) {
			assertThat(context.getBean(EntraIdentities.class).defaultIdentity().credential()
				.getTokenSync(new TokenRequestContext().addScopes("https://localhost/.default"))
				.getToken()).isNotBlank();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class })
	static class Credential {

	}

}
