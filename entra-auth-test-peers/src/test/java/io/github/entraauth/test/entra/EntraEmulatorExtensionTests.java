package io.github.entraauth.test.entra;

import java.time.Duration;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One emulator per test class, injected as a parameter and shared with nested classes.
 */
class EntraEmulatorExtensionTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension(
			EntraEmulator.builder().tenantId("extension-tenant").tokenLifetime(Duration.ofMinutes(10)));

	@Test
	void injectsTheEmulatorTheExtensionHolds(EntraEmulator emulator) throws Exception {
		assertThat(emulator).isSameAs(entra.emulator());
		JWTClaimsSet claims = emulator.verify(emulator.mintAccessToken("app", "api://x", Duration.ofMinutes(1)));
		assertThat(claims.getStringClaim("tid")).isEqualTo("extension-tenant");
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSeesTheSameRunningEmulator(EntraEmulator emulator) {
			assertThat(emulator).isSameAs(entra.emulator());
			assertThat(emulator.publicJwks().getKeys()).isNotEmpty();
		}

	}

}
