package io.github.entraauth.test.kafka;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.EntraEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One broker per test class, started from a builder once the emulator it trusts runs, injected as a parameter.
 */
class OAuthBearerKafkaBrokerExtensionTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	@RegisterExtension
	static OAuthBearerKafkaBrokerExtension kafka = new OAuthBearerKafkaBrokerExtension(
			() -> OAuthBearerKafkaBroker.builder(entra.emulator()).topics("extension-topic"));

	@Test
	void injectsTheBrokerTheExtensionHoldsWhichTrustsTheEmulatorsKeys(OAuthBearerKafkaBroker broker,
			EntraEmulator emulator) {
		assertThat(broker).isSameAs(kafka.broker());
		assertThat(broker.saslBootstrapServers()).startsWith("localhost:");
		assertThat(broker.embeddedKafka().getTopics()).contains("extension-topic");
		assertThat(System.getProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY)).contains(emulator.jwksUrl());
	}

}
