package io.github.entraauth.leakcheck;

import io.github.entraauth.test.entra.EmulatorSecrets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The suite-wide leak check can fail: a planted credential in a log message, or only in a logged exception's
 * cause, is caught, and the failure names the logger with a redacted prefix but never the credential; only the
 * configured test-peer loggers are exempt.
 */
class LeakCheckTests {

	private static final Logger logger = LoggerFactory.getLogger("leakcheck.planted");

	@Test
	void aCredentialInALogLineFailsTheCheckWithoutPrintingIt() {
		String secret = "planted-leak-check-token-7c1e9b";
		EmulatorSecrets.add(secret);
		LeakCheckAppender.drain();

		logger.info("Authorization: Bearer {}", secret);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> new LeakCheckExtension().afterAll(null))
			.satisfies((failure) -> assertThat(failure.getMessage()).contains("leakcheck.planted", "INFO", "plan…")
				.doesNotContain(secret));
	}

	@Test
	void aCredentialInALoggedExceptionsCauseIsCaught() {
		String secret = "planted-leak-check-secret-0d44a2";
		EmulatorSecrets.add(secret);
		LeakCheckAppender.drain();

		logger.warn("Request failed", new IllegalStateException("wrapped",
				new IllegalArgumentException("client_secret=" + secret)));

		assertThat(LeakCheckAppender.drain()).singleElement()
			.satisfies((leak) -> assertThat(leak.redacted()).doesNotContain(secret).startsWith("plan"));
	}

	@Test
	void theBrokersTokenValidatorIsExemptAsATestPeer() {
		String secret = "planted-leak-check-broker-3e8d1f";
		EmulatorSecrets.add(secret);
		LeakCheckAppender.drain();

		LoggerFactory.getLogger("org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler")
			.warn("Could not validate the access token: {}", secret);
		logger.info("but anywhere else: {}", secret);

		assertThat(LeakCheckAppender.drain()).singleElement()
			.satisfies((leak) -> assertThat(leak.logger()).isEqualTo("leakcheck.planted"));
	}

	@Test
	void aLineWithoutCredentialsPasses() {
		EmulatorSecrets.add("planted-leak-check-unused-5b7f");
		LeakCheckAppender.drain();

		logger.info("Obtained a token for api://leak-test/.default, expires in 3600s");

		new LeakCheckExtension().afterAll(null);
		assertThat(LeakCheckAppender.linesChecked()).isPositive();
	}

}
