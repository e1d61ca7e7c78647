package io.github.entraauth.test.entra;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.entraauth.test.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The managed identity endpoints answer with the fields, and JSON types, of the real IMDS and App Service
 * endpoints, so that clients other than azure-identity (MSAL's own managed-identity client, other languages'
 * SDKs) accept them.
 */
class ManagedIdentityConformanceTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void imdsAnswersWithEveryFieldOfTheRealEndpointAsStrings(EntraEmulator emulator) throws Exception {
		JsonNode body = get(emulator.managedIdentities().imdsAuthorityHost()
				+ "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + encode("api://imds-fields"),
				"Metadata", "true");

		assertThat(body.propertyNames()).containsExactlyInAnyOrder("access_token", "client_id", "expires_in",
				"expires_on", "ext_expires_in", "not_before", "resource", "token_type");
		body.properties().forEach((field) -> assertThat(field.getValue().isString()).as(field.getKey()).isTrue());
		long now = Instant.now().getEpochSecond();
		long expiresOn = Long.parseLong(body.get("expires_on").asString());
		assertThat(Long.parseLong(body.get("expires_in").asString())).isCloseTo(expiresOn - now, within(5L));
		assertThat(body.get("ext_expires_in").asString()).isEqualTo(body.get("expires_in").asString());
		assertThat(Long.parseLong(body.get("not_before").asString())).isLessThanOrEqualTo(now + 1);
		assertThat(body.get("resource").asString()).isEqualTo("api://imds-fields");
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("client_id").asString()).isEqualTo(emulator.managedIdentities().systemAssignedClientId());
		assertThat(emulator.verify(body.get("access_token").asString()).getExpirationTime().toInstant().getEpochSecond())
			.isEqualTo(expiresOn);
	}

	@Test
	void appServiceAnswersWithTheFieldsOfItsApiVersion(EntraEmulator emulator) throws Exception {
		JsonNode body = get(emulator.managedIdentities().appServiceEndpoint() + "?api-version=2019-08-01&resource="
				+ encode("api://app-service-fields"), "X-IDENTITY-HEADER", emulator.managedIdentities().identityHeader());

		assertThat(body.propertyNames()).containsExactlyInAnyOrder("access_token", "expires_on", "resource",
				"token_type", "client_id");
		body.properties().forEach((field) -> assertThat(field.getValue().isString()).as(field.getKey()).isTrue());
	}

	@Test
	void msalsOwnManagedIdentityClientAcceptsTheImdsAnswer(EntraEmulator emulator) {
		ChildJvm.Result result = ChildJvm.of(CredentialProbe.class)
			.env("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.managedIdentities().imdsAuthorityHost())
			.args("msal-managed-identity", "api://msal-imds/.default")
			.run();

		assertThat(result.exitCode()).as(result::describe).isZero();
		JsonNode claims = JsonMapper.shared().readTree(result.line("CLAIMS ").orElseThrow());
		assertThat(claims.get("aud").asString()).isEqualTo("api://msal-imds");
		assertThat(claims.get("azp").asString()).isEqualTo(emulator.managedIdentities().systemAssignedClientId());
		assertThat(Long.parseLong(result.line("EXPIRES_AT ").orElseThrow()))
			.isCloseTo(Instant.now().getEpochSecond() + 3600, within(60L));
		assertThat(emulator.requests())
			.contains(new RecordedRequest("GET", "/metadata/identity/oauth2/token", "imds", null, 200));
	}

	private JsonNode get(String url, String header, String value) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
