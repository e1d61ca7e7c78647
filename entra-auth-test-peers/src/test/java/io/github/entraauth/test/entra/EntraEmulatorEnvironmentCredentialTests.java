package io.github.entraauth.test.entra;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.entraauth.test.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Credentials that read the real process environment (managed identity, Azure CLI), each run in a child JVM
 * against the emulator.
 */
class EntraEmulatorEnvironmentCredentialTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension();

	private static final List<IssuedToken> issued = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void setUp(EntraEmulator emulator) {
		emulator.managedIdentities().register("user-assigned-mi", "Kafka.Write");
		emulator.onTokenIssued(issued::add);
	}

	@Test
	void appServiceSystemAssignedManagedIdentity(EntraEmulator emulator) {
		ChildJvm.Result result = appService(emulator).args("managed-identity", "api://app-service-system/.default").run();

		Map<String, Object> claims = claims(result);
		assertThat(claims).containsEntry("aud", "api://app-service-system")
			.containsEntry("azp", emulator.managedIdentities().systemAssignedClientId())
			.containsEntry("oid", emulator.oidOf(emulator.managedIdentities().systemAssignedClientId()))
			.containsEntry("tid", emulator.tenantId())
			.containsEntry("iss", emulator.issuer())
			.doesNotContainKey("roles");
		assertThat(emulator.requests()).contains(
				new RecordedRequest("GET", "/msi/token", "msi_app_service", null, 200));
		assertSignedByEmulator(emulator, emulator.managedIdentities().systemAssignedClientId(), "api://app-service-system");
	}

	@Test
	void appServiceUserAssignedManagedIdentity(EntraEmulator emulator) {
		ChildJvm.Result result = appService(emulator)
			.args("managed-identity", "api://app-service-user/.default", "user-assigned-mi")
			.run();

		Map<String, Object> claims = claims(result);
		assertThat(claims).containsEntry("aud", "api://app-service-user")
			.containsEntry("azp", "user-assigned-mi")
			.containsEntry("oid", emulator.oidOf("user-assigned-mi"))
			.containsEntry("roles", List.of("Kafka.Write"));
		assertThat(emulator.requests()).contains(
				new RecordedRequest("GET", "/msi/token", "msi_app_service", "user-assigned-mi", 200));
		assertSignedByEmulator(emulator, "user-assigned-mi", "api://app-service-user");
	}

	@Test
	void imdsSystemAssignedManagedIdentity(EntraEmulator emulator) {
		ChildJvm.Result result = imds(emulator).args("managed-identity", "api://imds-system/.default").run();

		Map<String, Object> claims = claims(result);
		assertThat(claims).containsEntry("aud", "api://imds-system")
			.containsEntry("azp", emulator.managedIdentities().systemAssignedClientId());
		assertThat(emulator.requests())
			.contains(new RecordedRequest("GET", "/metadata/identity/oauth2/token", "imds", null, 200));
		assertSignedByEmulator(emulator, emulator.managedIdentities().systemAssignedClientId(), "api://imds-system");
	}

	@Test
	void imdsUserAssignedManagedIdentity(EntraEmulator emulator) {
		ChildJvm.Result result = imds(emulator)
			.args("managed-identity", "api://imds-user/.default", "user-assigned-mi")
			.run();

		Map<String, Object> claims = claims(result);
		assertThat(claims).containsEntry("aud", "api://imds-user").containsEntry("azp", "user-assigned-mi");
		assertThat(emulator.requests()).contains(
				new RecordedRequest("GET", "/metadata/identity/oauth2/token", "imds", "user-assigned-mi", 200));
		assertSignedByEmulator(emulator, "user-assigned-mi", "api://imds-user");
	}

	@Test
	void azureCliCredentialRunsTheFakeAz(EntraEmulator emulator, @TempDir Path dir) {
		FakeAzureCli az = FakeAzureCli.install(dir, emulator, "developer-cli", "api://cli-test");

		ChildJvm.Result result = ChildJvm.of(CredentialProbe.class)
			.env("PATH", az.path() + ":" + System.getenv("PATH"))
			.args("azure-cli", "api://cli-test/.default")
			.run();

		Map<String, Object> claims = claims(result);
		assertThat(claims).containsEntry("aud", "api://cli-test")
			.containsEntry("azp", "developer-cli")
			.containsEntry("oid", emulator.oidOf("developer-cli"));
		assertThat(Long.parseLong(result.line("EXPIRES_AT ").orElseThrow()))
			.isCloseTo(Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), within(30L));
		assertThat(az.invocations()).singleElement()
			.isEqualTo("account get-access-token --output json --resource api://cli-test");
		assertSignedByEmulator(emulator, "developer-cli", "api://cli-test");
	}

	private static ChildJvm appService(EntraEmulator emulator) {
		return ChildJvm.of(CredentialProbe.class)
			.env("IDENTITY_ENDPOINT", emulator.managedIdentities().appServiceEndpoint())
			.env("IDENTITY_HEADER", emulator.managedIdentities().identityHeader());
	}

	private static ChildJvm imds(EntraEmulator emulator) {
		return ChildJvm.of(CredentialProbe.class).env("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.managedIdentities().imdsAuthorityHost());
	}

	private static Map<String, Object> claims(ChildJvm.Result result) {
		assertThat(result.exitCode()).as(result::describe).isZero();
		String json = result.line("CLAIMS ").orElseThrow(() -> new AssertionError(result.describe()));
		return JsonMapper.builder().build().readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

	/** The child printed claims only; the token it received is checked through the listener. */
	private static void assertSignedByEmulator(EntraEmulator emulator, String clientId, String audience) {
		assertThat(issued).filteredOn((token) -> token.clientId().equals(clientId) && token.audience().equals(audience))
			.singleElement()
			.satisfies((token) -> assertThat(emulator.verify(token.jwt()).getAudience()).containsExactly(audience));
	}

}
