package io.github.entraauth.test.kafka;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

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
		// the broker reads the emulator's keys into a file of its own, which Kafka's allow-list names
		String kid = emulator.publicJwks().getKeys().get(0).getKeyID();
		assertThat(System.getProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY).split(","))
			.filteredOn((url) -> url.startsWith("file:"))
			.anySatisfy((url) -> assertThat(Files.readString(Path.of(URI.create(url)))).contains(kid));
	}

}
