package io.github.entraauth.credential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.entraauth.test.ChildJvm;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.FakeAzureCli;
import io.github.entraauth.test.entra.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential types that read the real process environment (managed identity, Azure CLI and
 * the default chain), each started by the starter in a child JVM against the Entra emulator.
 */
class EnvironmentCredentialTypesTests {

	private static final String SCOPE = "api://env-test/.default";

	private static EntraEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = EntraEmulator.start();
		emulator.managedIdentities().register("user-assigned-mi");
		emulator.registerSecretClient("env-app", "env-secret");
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void systemAssignedManagedIdentityOnAppService() {
		ChildJvm.Result result = probe(appService(), "--entra.credential.type=managed-identity");
		assertThat(claims(result)).contains("app=" + emulator.managedIdentities().systemAssignedClientId())
			.contains("oid=" + emulator.oidOf(emulator.managedIdentities().systemAssignedClientId()))
			.contains("aud=[api://env-test]");
		assertThat(lastRequest().kind()).isEqualTo("msi_app_service");
	}

	@Test
	void userAssignedManagedIdentityOnAppService() {
		ChildJvm.Result result = probe(appService(), "--entra.credential.type=managed-identity",
				"--entra.credential.client-id=user-assigned-mi");
		assertThat(claims(result)).contains("app=user-assigned-mi");
		assertThat(result.line("IDENTITY ")).hasValue("managed-identity (client user-assigned-mi)");
	}

	@Test
	void systemAndUserAssignedManagedIdentityThroughImds() {
		List<String> imds = List.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.managedIdentities().imdsAuthorityHost());
		assertThat(claims(probe(imds, "--entra.credential.type=managed-identity")))
			.contains("app=" + emulator.managedIdentities().systemAssignedClientId());
		assertThat(lastRequest().kind()).isEqualTo("imds");
		assertThat(claims(probe(imds, "--entra.credential.type=managed-identity",
				"--entra.credential.client-id=user-assigned-mi")))
			.contains("app=user-assigned-mi");
		assertThat(lastRequest().kind()).isEqualTo("imds");
	}

	@Test
	void azureCliUsesTheSignedInUsersToken(@TempDir Path dir) {
		FakeAzureCli az = FakeAzureCli.install(dir, emulator, "cli-user", "api://env-test");
		ChildJvm.Result result = probe(List.of("PATH", az.path() + ":" + System.getenv("PATH")),
				"--entra.credential.type=azure-cli");
		assertThat(claims(result)).contains("app=cli-user");
		assertThat(az.invocations()).singleElement().asString().contains("--resource api://env-test");
	}

	@Test
	void defaultChainReadsTheEnvironment() {
		ChildJvm.Result result = probe(
				List.of("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential", "AZURE_TENANT_ID", emulator.tenantId(),
						"AZURE_CLIENT_ID", "env-app", "AZURE_CLIENT_SECRET", "env-secret", "AZURE_AUTHORITY_HOST",
						emulator.authorityHost()),
				"--entra.credential.instance-discovery=false", "--entra.credential.ssl-bundle=emulator",
				"--spring.ssl.bundle.pem.emulator.truststore.certificate=file:" + emulator.trustCertificatePem());
		assertThat(claims(result)).contains("app=env-app");
		assertThat(result.stdout() + result.stderr()).doesNotContain("env-secret");
	}

	private static List<String> appService() {
		return List.of("IDENTITY_ENDPOINT", emulator.managedIdentities().appServiceEndpoint(), "IDENTITY_HEADER",
				emulator.managedIdentities().identityHeader());
	}

	private static ChildJvm.Result probe(List<String> environment, String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--probe.scope=" + SCOPE);
		ChildJvm child = ChildJvm.of(CredentialProbe.class).args(arguments.toArray(String[]::new));
		for (int i = 0; i < environment.size(); i += 2) {
			child.env(environment.get(i), environment.get(i + 1));
		}
		ChildJvm.Result result = child.run();
		assertThat(result.exitCode()).as(result.describe()).isZero();
		return result;
	}

	private static String claims(ChildJvm.Result result) {
		return result.line("CLAIMS ").orElseThrow(() -> new AssertionError("No claims printed\n" + result.describe()));
	}

	private static RecordedRequest lastRequest() {
		List<RecordedRequest> requests = emulator.requests();
		return requests.get(requests.size() - 1);
	}

}
