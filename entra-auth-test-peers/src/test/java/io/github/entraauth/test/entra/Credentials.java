package io.github.entraauth.test.entra;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.AadCredentialBuilderBase;

/**
 * Points azure-identity credential builders at an {@link EntraEmulator}, in the order that matters:
 * configuration first (it would reset the authority host), then authority, instance discovery off, and an HTTP
 * client trusting the emulator's certificate.
 */
final class Credentials {

	private static final ConfigurationSource EMPTY = (path) -> Collections.emptyMap();

	private Credentials() {
	}

	static <T extends AadCredentialBuilderBase<T>> T against(EntraEmulator emulator, T builder) {
		return builder.configuration(isolatedConfiguration())
			.authorityHost(emulator.authorityHost())
			.disableInstanceDiscovery()
			.httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
			.tenantId(emulator.tenantId());
	}

	/** As {@link #against} but without azure-core's retries, so an injected failure reaches the caller at once. */
	static <T extends AadCredentialBuilderBase<T>> T againstWithoutRetries(EntraEmulator emulator, T builder) {
		return against(emulator, builder).retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
	}

	/** Never the no-arg ConfigurationBuilder: its putProperty writes into JVM-global state. */
	private static Configuration isolatedConfiguration() {
		return new ConfigurationBuilder(EMPTY, EMPTY, EMPTY).build();
	}

}
