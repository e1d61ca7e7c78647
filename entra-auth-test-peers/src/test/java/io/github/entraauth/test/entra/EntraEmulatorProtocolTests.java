package io.github.entraauth.test.entra;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The emulator's wire protocol as a plain HTTP client sees it: discovery, errors, managed identity checks,
 * trust material and token verification.
 */
class EntraEmulatorProtocolTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension(EntraEmulator.builder().tenantId("contoso-test"));

	private static final JsonMapper json = JsonMapper.builder().build();

	private static HttpClient http;

	@BeforeAll
	static void setUp(EntraEmulator emulator) {
		emulator.registerSecretClient("wire-app", "wire-secret", "Livy.Submit");
		emulator.managedIdentities().register("wire-mi");
		http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
	}

	@Test
	void servesTheSameJwksOverHttpAndHttps(EntraEmulator emulator) throws Exception {
		String overHttp = get(emulator.jwksUrl(), Map.of()).body();
		String overHttps = get(emulator.httpsBaseUrl() + "/contoso-test/discovery/v2.0/keys", Map.of()).body();

		assertThat(JWKSet.parse(overHttp).toString()).isEqualTo(emulator.publicJwks().toString());
		assertThat(overHttps).isEqualTo(overHttp);
		assertThat(emulator.publicJwks().getKeys()).singleElement().satisfies((key) -> {
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getKeyID()).isNotBlank();
		});
	}

	@Test
	void openidConfigurationDescribesTheTenant(EntraEmulator emulator) throws Exception {
		Map<String, Object> configuration = parse(
				get(emulator.httpBaseUrl() + "/contoso-test/v2.0/.well-known/openid-configuration", Map.of()).body());

		assertThat(configuration).containsEntry("issuer", emulator.issuer())
			.containsEntry("issuer", "https://localhost:" + URI.create(emulator.httpsBaseUrl()).getPort() + "/contoso-test/v2.0")
			.containsEntry("token_endpoint", emulator.tokenEndpoint())
			.containsEntry("jwks_uri", emulator.httpsBaseUrl() + "/contoso-test/discovery/v2.0/keys")
			.containsKey("authorization_endpoint");
		assertThat(configuration.get("id_token_signing_alg_values_supported")).asList().containsExactly("RS256");
	}

	@Test
	void clientSecretBasicAuthenticationIsAccepted(EntraEmulator emulator) throws Exception {
		String basic = Base64.getEncoder().encodeToString("wire-app:wire-secret".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = postToken(emulator, "contoso-test",
				"grant_type=client_credentials&scope=" + encode("api://kafka-test/.default"),
				Map.of("Authorization", "Basic " + basic));

		Map<String, Object> body = parse(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600)
			.containsEntry("ext_expires_in", 3600);
		assertThat(emulator.verify((String) body.get("access_token")).getAudience()).containsExactly("api://kafka-test");
	}

	@Test
	void echoesTheCallersCorrelationIdAsEntraDoes(EntraEmulator emulator) throws Exception {
		String basic = Base64.getEncoder().encodeToString("wire-app:wire-secret".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = postToken(emulator, "contoso-test",
				"grant_type=client_credentials&scope=" + encode("api://kafka-test/.default"),
				Map.of("Authorization", "Basic " + basic, "client-request-id", "3f5e8a42-correlation"));

		assertThat(response.headers().firstValue("client-request-id")).contains("3f5e8a42-correlation");
	}

	@Test
	void unknownTenantIsRejectedWithAadsts90002(EntraEmulator emulator) throws Exception {
		HttpResponse<String> response = postToken(emulator, "fabrikam", secretForm("api://kafka-test/.default"), Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		assertEntraError(response.body(), "invalid_request", 90002);
	}

	@Test
	void scopeWithoutDefaultSuffixIsRejectedWithAadsts1002012(EntraEmulator emulator) throws Exception {
		HttpResponse<String> response = postToken(emulator, "contoso-test", secretForm("openid profile api://kafka-test"),
				Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		assertEntraError(response.body(), "invalid_scope", 1002012);
	}

	@Test
	void wrongSecretAnswer401WithoutQuotingTheSecret(EntraEmulator emulator) throws Exception {
		HttpResponse<String> response = postToken(emulator, "contoso-test",
				"grant_type=client_credentials&client_id=wire-app&client_secret=not-the-wire-secret&scope="
						+ encode("api://kafka-test/.default"),
				Map.of());

		assertThat(response.statusCode()).isEqualTo(401);
		assertEntraError(response.body(), "invalid_client", 7000215);
		assertThat(response.body()).doesNotContain("not-the-wire-secret", "wire-secret");
	}

	@Test
	void managedIdentityEndpointsCheckTheirHeaders(EntraEmulator emulator) throws Exception {
		String resource = "?api-version=2019-08-01&resource=" + encode("api://mi-test");

		assertThat(get(emulator.managedIdentities().appServiceEndpoint() + resource, Map.of()).statusCode()).isEqualTo(401);
		assertThat(get(emulator.managedIdentities().appServiceEndpoint() + resource, Map.of("X-IDENTITY-HEADER", "guess")).statusCode())
			.isEqualTo(401);
		HttpResponse<String> imds = get(
				emulator.managedIdentities().imdsAuthorityHost() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x", Map.of());
		assertThat(imds.statusCode()).isEqualTo(400);
		assertThat(parse(imds.body())).containsEntry("error", "invalid_request");
		assertThat(emulator.tokensIssued("api://mi-test")).isZero();
	}

	@Test
	void managedIdentityStripsDefaultSuffixFromEncodedResource(EntraEmulator emulator) throws Exception {
		HttpResponse<String> response = get(emulator.managedIdentities().imdsAuthorityHost()
				+ "/metadata/identity/oauth2/token?api-version=2018-02-01&client_id=wire-mi&resource="
				+ encode("api://mi-encoded/.default"), Map.of("Metadata", "true"));

		Map<String, Object> body = parse(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body).containsEntry("resource", "api://mi-encoded")
			.containsEntry("token_type", "Bearer")
			.containsEntry("client_id", "wire-mi");
		long expiresOn = Long.parseLong((String) body.get("expires_on"));
		assertThat(emulator.verify((String) body.get("access_token")).getExpirationTime().toInstant().getEpochSecond())
			.isEqualTo(expiresOn);
	}

	@Test
	void managedIdentityRejectsUnknownClientIdAndAppRegistrations(EntraEmulator emulator) throws Exception {
		for (String clientId : new String[] { "no-such-identity", "wire-app" }) {
			HttpResponse<String> response = get(emulator.managedIdentities().appServiceEndpoint()
					+ "?api-version=2019-08-01&resource=api%3A%2F%2Fmi-test&client_id=" + clientId,
					Map.of("X-IDENTITY-HEADER", emulator.managedIdentities().identityHeader()));

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(parse(response.body())).containsEntry("error", "invalid_request").containsKey("error_description");
		}
	}

	@Test
	void unknownPathAnswers404(EntraEmulator emulator) throws Exception {
		assertThat(get(emulator.httpBaseUrl() + "/contoso-test/oauth2/v2.0/devicecode", Map.of()).statusCode())
			.isEqualTo(404);
		assertThat(emulator.requests()).last().extracting(RecordedRequest::kind).isEqualTo("unknown");
	}

	@Test
	void verifyRejectsExpiredForeignAndMalformedTokensWithoutQuotingThem(EntraEmulator emulator) {
		String expired = emulator.mintAccessToken("wire-app", "api://kafka-test", Duration.ofMinutes(-1));
		String foreign;
		try (EntraEmulator other = EntraEmulator.builder().tenantId("contoso-test").start()) {
			foreign = other.mintAccessToken("wire-app", "api://kafka-test", Duration.ofMinutes(5));
		}
		String tampered = tamperPayload(emulator.mintAccessToken("wire-app", "api://kafka-test", Duration.ofMinutes(5)));

		assertThatIllegalArgumentException().isThrownBy(() -> emulator.verify(expired))
			.withMessage("Token has expired");
		assertThatIllegalArgumentException().isThrownBy(() -> emulator.verify(foreign))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(foreign));
		assertThatIllegalArgumentException().isThrownBy(() -> emulator.verify(tampered))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(tampered));
		assertThatIllegalArgumentException().isThrownBy(() -> emulator.verify("not.a-jwt"))
			.withMessage("Not a signed JWT")
			.withNoCause();
	}

	@Test
	void mintedTokenCarriesTheRequestedClaims(EntraEmulator emulator) throws Exception {
		String jwt = emulator.mintAccessToken("wire-app", "api://minted/.default", Duration.ofMinutes(10));

		var claims = emulator.verify(jwt);
		assertThat(claims.getAudience()).containsExactly("api://minted");
		assertThat(claims.getStringClaim("azp")).isEqualTo("wire-app");
		assertThat(claims.getStringListClaim("roles")).containsExactly("Livy.Submit");
		assertThat(claims.getExpirationTime().toInstant())
			.isBetween(claims.getIssueTime().toInstant().plusSeconds(599), claims.getIssueTime().toInstant().plusSeconds(601));
	}

	@Test
	void registeringAgainReplacesTheCredentialButKeepsTheOid(EntraEmulator emulator) throws Exception {
		emulator.registerSecretClient("rotating-app", "old-secret");
		String oid = emulator.oidOf("rotating-app");

		emulator.registerSecretClient("rotating-app", "new-secret", "Redis.Access");

		assertThat(emulator.oidOf("rotating-app")).isEqualTo(oid);
		HttpResponse<String> rejected = postToken(emulator, "contoso-test",
				"grant_type=client_credentials&client_id=rotating-app&client_secret=old-secret&scope="
						+ encode("api://kafka-test/.default"), Map.of());
		assertThat(rejected.statusCode()).isEqualTo(401);
		HttpResponse<String> accepted = postToken(emulator, "contoso-test",
				"grant_type=client_credentials&client_id=rotating-app&client_secret=new-secret&scope="
						+ encode("api://kafka-test/.default"), Map.of());
		var claims = emulator.verify((String) parse(accepted.body()).get("access_token"));
		assertThat(claims.getStringClaim("oid")).isEqualTo(oid);
		assertThat(claims.getStringListClaim("roles")).containsExactly("Redis.Access");
	}

	@Test
	void trustMaterialHoldsTheServerCertificate(EntraEmulator emulator) throws Exception {
		X509Certificate fromPem;
		try (InputStream pem = Files.newInputStream(emulator.trustCertificatePem())) {
			fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
		}
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream p12 = Files.newInputStream(emulator.trustStorePkcs12())) {
			trustStore.load(p12, "changeit".toCharArray());
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);

		HttpResponse<String> response = HttpClient.newBuilder()
			.sslContext(context)
			.build()
			.send(HttpRequest.newBuilder(URI.create(emulator.httpsBaseUrl() + "/contoso-test/discovery/v2.0/keys")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		X509Certificate served = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
		assertThat(served).isEqualTo(fromPem);
		assertThat(trustStore.getCertificate(trustStore.aliases().nextElement())).isEqualTo(fromPem);
		assertThat(served.getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.containsExactlyInAnyOrder("localhost", "127.0.0.1");
	}

	private static String tamperPayload(String jwt) {
		String[] parts = jwt.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("api://kafka-test", "api://admin-test");
		return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
	}

	private static String secretForm(String scope) {
		return "grant_type=client_credentials&client_id=wire-app&client_secret=wire-secret&scope=" + encode(scope);
	}

	private static HttpResponse<String> postToken(EntraEmulator emulator, String tenant, String form,
			Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(emulator.httpsBaseUrl() + "/" + tenant + "/oauth2/v2.0/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertEntraError(String body, String error, int code) {
		Map<String, Object> parsed = parse(body);
		assertThat(parsed).containsEntry("error", error)
			.containsEntry("error_codes", List.of(code))
			.containsKeys("timestamp", "trace_id", "correlation_id");
		assertThat((String) parsed.get("error_description")).startsWith("AADSTS" + code + ": ");
	}

	private static Map<String, Object> parse(String body) {
		return json.readValue(body, new TypeReference<Map<String, Object>>() {
		});
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
