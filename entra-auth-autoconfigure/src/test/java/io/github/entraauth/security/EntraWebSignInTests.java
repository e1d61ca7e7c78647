package io.github.entraauth.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.GroupOverageForm;
import io.github.entraauth.test.entra.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signs in to a real web application through the emulator's authorization endpoint (authorization code with PKCE,
 * ID token checked against the emulator's JWKS over HTTPS) with a plain HTTP client and cookie jar, and checks
 * the roles the Entra groups became, including the group overage case read from the Graph stand-in.
 */
@SpringBootTest(classes = SignInTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EntraWebSignInTests {

	private static final String ADMINS = "a1a1a1a1-0000-4000-8000-000000000001";

	private static final String EDITORS = "e2e2e2e2-0000-4000-8000-000000000002";

	private static final String VIEWERS = "c3c3c3c3-0000-4000-8000-000000000003";

	private static final String UNMAPPED = "d4d4d4d4-0000-4000-8000-000000000004";

	/** Spring Security's own authorities for the scopes of the sign-in's Graph access token. */
	private static final String SIGN_IN_SCOPES = ",SCOPE_User.Read,SCOPE_email,SCOPE_openid,SCOPE_profile]";

	private static final EntraEmulator emulator = EntraEmulator.start();

	static {
		emulator.registerSecretClient("web-app", "web-secret");
		emulator.users().register("alice@contoso.test", ADMINS, EDITORS, UNMAPPED);
		emulator.users().register("carol@contoso.test", VIEWERS, UNMAPPED, EDITORS);
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void entra(DynamicPropertyRegistry registry) {
		registry.add("entra.credential.tenant-id", emulator::tenantId);
		registry.add("entra.security.client-id", () -> "web-app");
		registry.add("entra.security.client-secret", () -> "web-secret");
		registry.add("entra.credential.authority-host", emulator::authorityHost);
		registry.add("entra.credential.ssl-bundle", () -> "entra-emulator");
		registry.add("entra.security.graph-member-of-endpoint", () -> emulator.graphBaseUrl() + "/me/memberOf");
		registry.add("entra.security.group-roles[" + ADMINS + "]", () -> "ADMIN");
		registry.add("entra.security.group-roles[" + EDITORS + "]", () -> "EDITOR");
		registry.add("entra.security.group-roles[" + VIEWERS + "]", () -> "VIEWER");
		registry.add("spring.ssl.bundle.pem.entra-emulator.truststore.certificate",
				() -> "file:" + emulator.trustCertificatePem());
	}

	@AfterEach
	void reset() {
		emulator.users().signInAs(null);
		emulator.users().groupOverageLimit(200);
		emulator.users().groupOverageForm(GroupOverageForm.CLAIM_SOURCES);
		emulator.resetCounters();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void signInMapsTheIdTokensGroupsToRolesAndIgnoresUnmappedGroups() throws Exception {
		emulator.users().signInAs("alice@contoso.test");

		HttpResponse<String> page = signIn("/me");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).isEqualTo("alice@contoso.test [ROLE_ADMIN,ROLE_EDITOR" + SIGN_IN_SCOPES);
		assertThat(emulator.requests()).extracting(RecordedRequest::kind).contains("authorize", "authorization_code")
			.doesNotContain("graph_member_of");
	}

	@Test
	void groupOverageReadsTheGroupsFromGraphWithTheUsersToken() throws Exception {
		emulator.users().groupOverageLimit(2);
		emulator.users().signInAs("carol@contoso.test");

		HttpResponse<String> page = signIn("/me");

		assertThat(page.body()).isEqualTo("carol@contoso.test [ROLE_EDITOR,ROLE_VIEWER" + SIGN_IN_SCOPES);
		assertThat(emulator.requests()).filteredOn((request) -> request.kind().equals("graph_member_of"))
			.extracting(RecordedRequest::status)
			.containsExactly(200);
	}

	@Test
	void hasGroupsOverageFormAlsoReadsGraph() throws Exception {
		emulator.users().groupOverageLimit(0);
		emulator.users().groupOverageForm(GroupOverageForm.HAS_GROUPS);
		emulator.users().signInAs("alice@contoso.test");

		HttpResponse<String> page = signIn("/me");

		assertThat(page.body()).isEqualTo("alice@contoso.test [ROLE_ADMIN,ROLE_EDITOR" + SIGN_IN_SCOPES);
		assertThat(emulator.requests()).extracting(RecordedRequest::kind).contains("graph_member_of");
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
