package io.github.entraauth.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-tenant sign-in at the organizations authority with an allow-list: a user of a listed tenant signs in and
 * gets the roles of the ID token's roles claim; a user of another tenant, whose ID token is validly signed and
 * carries the issuer of its own tenant and the same roles claim, is refused before any claim is mapped.
 */
@SpringBootTest(classes = { SignInTestApplication.class, EntraMultiTenantSignInTests.RecordFailures.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EntraMultiTenantSignInTests {

	private static final String PARTNER_TENANT = "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff";

	private static final String OTHER_TENANT = "0e0e0e0e-bbbb-4ccc-8ddd-eeeeffff0000";

	private static final EntraEmulator emulator = EntraEmulator.start();

	static {
		emulator.registerSecretClient("web-app", "web-secret");
		emulator.users().register("paula@partner.test", "Paula", List.of(), List.of("Orders.Admin"));
		emulator.users().homeTenant("paula@partner.test", PARTNER_TENANT);
		emulator.users().register("mallory@other.test", "Mallory", List.of(), List.of("Orders.Admin"));
		emulator.users().homeTenant("mallory@other.test", OTHER_TENANT);
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void entra(DynamicPropertyRegistry registry) {
		registry.add("entra.credential.tenant-id", () -> "organizations");
		registry.add("entra.credential.authority-host", emulator::authorityHost);
		registry.add("entra.credential.ssl-bundle", () -> "entra-emulator");
		registry.add("entra.security.allowed-tenants", () -> emulator.tenantId() + "," + PARTNER_TENANT);
		registry.add("entra.security.client-id", () -> "web-app");
		registry.add("entra.security.client-secret", () -> "web-secret");
		registry.add("entra.security.group-roles[Orders.Admin]", () -> "ADMIN");
		registry.add("spring.ssl.bundle.pem.entra-emulator.truststore.certificate",
				() -> "file:" + emulator.trustCertificatePem());
	}

	@AfterEach
	void reset() {
		emulator.users().signInAs(null);
		emulator.resetCounters();
		RecordFailures.failures.clear();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void userOfAnAllowedTenantSignsInWithTheRolesOfItsToken() throws Exception {
		emulator.users().signInAs("paula@partner.test");

		HttpResponse<String> page = signIn("/me");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).startsWith("paula@partner.test [ROLE_ADMIN,");
		assertThat(emulator.requests()).filteredOn((request) -> request.kind().equals("authorize"))
			.extracting(RecordedRequest::path)
			.isNotEmpty()
			.allMatch((path) -> path.startsWith("/organizations/"));
	}

	@Test
	void userOfATenantNotOnTheListIsRefusedAlthoughEntraIssuedTheToken() throws Exception {
		emulator.users().signInAs("mallory@other.test");

		HttpResponse<String> page = signIn("/me");

		assertThat(emulator.requests()).extracting(RecordedRequest::kind).contains("authorization_code");
		assertThat(page.uri().getPath()).isEqualTo("/login");
		assertThat(page.uri().getQuery()).isEqualTo("error");
		assertThat(page.body()).doesNotContain("ROLE_ADMIN");
		assertThat(RecordFailures.failures).singleElement()
			.asString()
			.contains("invalid_id_token", "The token's tenant " + OTHER_TENANT + " is not in entra.security.allowed-tenants");
	}

	/** Records why sign-ins failed: Spring Security publishes OAuth2 login failures only with a default event. */
	@TestConfiguration(proxyBeanMethods = false)
	static class RecordFailures {

		static final List<String> failures = new CopyOnWriteArrayList<>();

		@Bean
		AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
			DefaultAuthenticationEventPublisher events = new DefaultAuthenticationEventPublisher(publisher);
			events.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
			return events;
		}

		@Bean
		ApplicationListener<AbstractAuthenticationFailureEvent> recordFailures() {
			return (event) -> failures.add(event.getException().getMessage());
		}

	}

	/** Follows redirects by hand (the client does not follow HTTPS to HTTP) with one cookie jar per sign-in. */
	private HttpResponse<String> signIn(String path) throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.sslContext(emulator.sslContext())
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		URI url = URI.create("http://localhost:" + this.port + path);
		for (int hop = 0; hop < 10; hop++) {
			HttpResponse<String> response = browser.send(HttpRequest.newBuilder(url).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 3) {
				return response;
			}
			url = url.resolve(response.headers().firstValue("Location").orElseThrow());
		}
		throw new AssertionError("More than 10 redirects, last at " + url);
	}

}
