package io.github.entraauth.test.livy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An emulator started from a configured builder and injected as a parameter.
 */
class LivyEmulatorExtensionTests {

	@RegisterExtension
	static LivyEmulatorExtension livy = new LivyEmulatorExtension(
			LivyEmulator.builder(LivyEmulator.Dialect.APACHE).apacheVersion("0.8.0-incubating"));

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void injectsTheEmulatorStartedFromTheBuilder(LivyEmulator emulator) throws Exception {
		assertThat(emulator).isSameAs(livy.emulator());
		assertThat(version(emulator)).contains("\"version\":\"0.8.0-incubating\"");
	}

	@Test
	void aBuilderStartedTwiceGivesEmulatorsThatDoNotShareKnobs() throws Exception {
		LivyEmulatorBuilder builder = LivyEmulator.builder(LivyEmulator.Dialect.APACHE);
		try (LivyEmulator first = builder.start(); LivyEmulator second = builder.start()) {
			first.apacheVersion("0.7.1-incubating");
			assertThat(version(first)).contains("\"version\":\"0.7.1-incubating\"");
			assertThat(version(second)).contains("\"version\":\"0.9.0-incubating\"");
		}
	}

	private String version(LivyEmulator emulator) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/version")).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

}
