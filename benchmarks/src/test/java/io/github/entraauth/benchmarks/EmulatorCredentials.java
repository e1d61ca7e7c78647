package io.github.entraauth.benchmarks;

import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.github.entraauth.test.entra.EntraEmulator;

/** The real azure-identity client-secret credential, pointed at an Entra emulator. */
final class EmulatorCredentials {

	static final String CLIENT_ID = "bench-app";

	static final String CLIENT_SECRET = "bench-secret";

	private EmulatorCredentials() {
	}

	/** Registers the benchmark client and returns a fresh credential for it. */
	static TokenCredential clientSecret(EntraEmulator emulator) {
		emulator.registerSecretClient(CLIENT_ID, CLIENT_SECRET);
		// no AZURE_* variables of this machine leak into the credential
		ConfigurationSource empty = (path) -> Map.of();
		return new ClientSecretCredentialBuilder().configuration(new ConfigurationBuilder(empty, empty, empty).build())
			.authorityHost(emulator.authorityHost())
			.tenantId(emulator.tenantId())
			.clientId(CLIENT_ID)
			.clientSecret(CLIENT_SECRET)
			.disableInstanceDiscovery()
			.httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext()))
				.build())
			.build();
	}

}
