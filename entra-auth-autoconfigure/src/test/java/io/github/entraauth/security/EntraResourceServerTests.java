package io.github.entraauth.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.entraauth.test.entra.EntraEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bearer-token API behind Boot's resource server (decoder from {@code spring.security.oauth2.resourceserver.*})
 * gets Entra groups and app roles of the emulator's access tokens as roles, and only for tokens of its own tenant.
 */
@SpringBootTest(classes = SignInTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EntraResourceServerTests {

	private static final String VIEWERS = "c3c3c3c3-0000-4000-8000-000000000003";

	private static final String OTHER_TENANT = "0e0e0e0e-bbbb-4ccc-8ddd-eeeeffff0000";

	private static final EntraEmulator emulator = EntraEmulator.start();

	static {
		emulator.registerSecretClient("daemon", "daemon-secret", "Orders.Admin");
		emulator.users().register("bob@contoso.test", "Bob", List.of(VIEWERS, "unmapped-group"), List.of());
		emulator.users().register("mallory@other.test", "Mallory", List.of(VIEWERS), List.of("Orders.Admin"));
		emulator.users().homeTenant("mallory@other.test", OTHER_TENANT);
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void entra(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", emulator::jwksUrl);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "api://orders-api");
		registry.add("entra.credential.tenant-id", emulator::tenantId);
		registry.add("entra.credential.authority-host", emulator::authorityHost);
		registry.add("entra.security.group-roles[" + VIEWERS + "]", () -> "VIEWER");
		registry.add("entra.security.group-roles[Orders.Admin]", () -> "ADMIN");
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void userTokenGroupsBecomeRolesBesideScopes() throws Exception {
		String token = emulator.users().mintAccessToken("bob@contoso.test", "web-app", "api://orders-api/Orders.Read",
				Duration.ofMinutes(5));

		HttpResponse<String> response = get(token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).endsWith(" [ROLE_VIEWER,SCOPE_Orders.Read]");
	}

	@Test
	void appTokenRolesClaimBecomesARole() throws Exception {
		String token = emulator.mintAccessToken("daemon", "api://orders-api/.default", Duration.ofMinutes(5));

		assertThat(get(token).body()).endsWith(" [ROLE_ADMIN]");
	}

	@Test
	void tokenForAnotherAudienceIsRejected() throws Exception {
		String token = emulator.users().mintAccessToken("bob@contoso.test", "web-app", "api://other-api/Read",
				Duration.ofMinutes(5));

		assertThat(get(token).statusCode()).isEqualTo(401);
	}

	@Test
	void tokenOfAnotherTenantIsRejectedBeforeItsRolesAreMapped() throws Exception {
		String token = emulator.users().mintAccessToken("mallory@other.test", "web-app", "api://orders-api/Orders.Read",
				Duration.ofMinutes(5));

		HttpResponse<String> response = get(token);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(header) -> assertThat(header).contains("not in entra.security.allowed-tenants"));
	}

	private HttpResponse<String> get(String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/me"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
