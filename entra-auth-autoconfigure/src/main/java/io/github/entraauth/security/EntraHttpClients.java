package io.github.entraauth.security;

import java.net.http.HttpClient;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The HTTP transport for calls to Entra and Graph: the JDK client with {@code entra.security.graph-timeout},
 * trusting {@code entra.credential.ssl-bundle} when set (the same trust the application's own credential uses).
 */
final class EntraHttpClients {

	private EntraHttpClients() {
	}

	static ClientHttpRequestFactory requestFactory(Duration timeout, @Nullable String sslBundle,
			ObjectProvider<SslBundles> sslBundles) {
		if (timeout.isZero() || timeout.isNegative()) {
			throw new EntraConfigurationException("entra.security.graph-timeout",
					"is " + timeout + " but must be positive", "Set it to a positive duration such as 10s, or remove it.");
		}
		HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
		if (sslBundle != null) {
			client.sslContext(bundle(sslBundle, sslBundles.getIfAvailable()));
		}
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client.build());
		factory.setReadTimeout(timeout);
		return factory;
	}

	private static SSLContext bundle(String name, @Nullable SslBundles sslBundles) {
		try {
			if (sslBundles == null) {
				throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
			}
			return sslBundles.getBundle(name).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new EntraConfigurationException("entra.credential.ssl-bundle",
					"there is no SSL bundle named '" + name + "'",
					"Define it, for example spring.ssl.bundle.pem." + name + ".truststore.certificate=file:ca.pem, "
							+ "or remove entra.credential.ssl-bundle to use the JVM's trust store.");
		}
	}

}
