package io.github.entraauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.IssuedToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With debug logging on for the starter and azure-identity, no issued token and no secret appears
 * in the log or in any exception message, through successes, refreshes, a wrong secret and an
 * outage.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTests {

	private static final String SECRET = "leak-check-secret-1f6c";

	private static final String WRONG_SECRET = "leak-check-wrong-secret-9ad2";

	@Test
	void noTokenOrSecretInLogsOrExceptions(CapturedOutput output) {
		List<String> issued = new CopyOnWriteArrayList<>();
		List<String> messages = new ArrayList<>();
		try (EntraEmulator emulator = EntraEmulator.start()) {
			emulator.registerSecretClient("leak-app", SECRET);
			emulator.tokenLifetime(Duration.ofSeconds(3));
			emulator.onTokenIssued((IssuedToken token) -> issued.add(token.jwt()));
			for (String secret : List.of(SECRET, WRONG_SECRET)) {
				runner(emulator, secret).run((context) -> {
					EntraIdentity identity = context.getBean(EntraIdentities.class).defaultIdentity();
					TokenManager manager = context.getBean(TokenManagers.class)
						.forIdentity(identity, "api://leak-test/.default");
					if (secret.equals(SECRET)) {
						manager.token();
						await().atMost(Duration.ofSeconds(10)).until(() -> manager.status().fetches() >= 2);
						emulator.faults().outage(true);
						await().atMost(Duration.ofSeconds(10)).until(() -> manager.status().failures() >= 1);
						emulator.faults().outage(false);
					}
					try {
						await().atMost(Duration.ofSeconds(10))
							.until(() -> !manager.status().isValidAt(Instant.now()) || secret.equals(SECRET));
						manager.token();
					}
					catch (TokenUnavailableException ex) {
						for (Throwable t = ex; t != null; t = t.getCause()) {
							messages.add(String.valueOf(t.getMessage()));
						}
					}
					messages.add(manager.status().toString());
				});
			}
		}
		assertThat(issued).as("tokens issued during the test").hasSizeGreaterThanOrEqualTo(2);
		assertThat(messages).as("a failure was observed").anyMatch((m) -> m.contains("AADSTS7000215"));
		assertThat(output.getAll()).as("debug output was captured").contains("Obtained token for scope");
		List<String> secrets = new ArrayList<>(issued);
		secrets.add(SECRET);
		secrets.add(WRONG_SECRET);
		for (String secret : secrets) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(messages).noneMatch((message) -> message.contains(secret));
		}
	}

	private static ApplicationContextRunner runner(EntraEmulator emulator, String secret) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
					EntraTokenAutoConfiguration.class))
			.withPropertyValues("entra.credential.type=client-secret", "entra.credential.client-id=leak-app",
					"entra.credential.client-secret=" + secret, "entra.credential.tenant-id=" + emulator.tenantId(),
					"entra.credential.authority-host=" + emulator.authorityHost(),
					"entra.credential.instance-discovery=false", "entra.credential.ssl-bundle=emu",
					"spring.ssl.bundle.pem.emu.truststore.certificate=file:" + emulator.trustCertificatePem(),
					"entra.token.retry-initial-backoff=100ms", "entra.token.retry-max-backoff=500ms",
					"entra.token.fetch-timeout=3s");
	}

}
