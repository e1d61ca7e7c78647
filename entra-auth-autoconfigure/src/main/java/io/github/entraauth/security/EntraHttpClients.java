package io.github.entraauth.security;

import java.net.http.HttpClient;
import java.time.Duration;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The HTTP transport for calls to Entra and Graph: the JDK client, trusting {@code entra.security.ssl-bundle}
 * when set.
 */
final class EntraHttpClients {

	private EntraHttpClients() {
	}

	static ClientHttpRequestFactory requestFactory(EntraSecurityProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		Duration timeout = properties.getGraphTimeout();
		HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
		String bundleName = properties.getSslBundle();
		if (bundleName != null && !bundleName.isBlank()) {
			client.sslContext(bundle(bundleName, sslBundles.getIfAvailable()));
		}
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client.build());
		factory.setReadTimeout(timeout);
		return factory;
	}

	private static javax.net.ssl.SSLContext bundle(String name, @Nullable SslBundles sslBundles) {
		try {
			if (sslBundles == null) {
				throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
			}
			return sslBundles.getBundle(name).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new EntraConfigurationException("entra.security.ssl-bundle", "there is no SSL bundle named '" + name + "'",
					"Define it, for example spring.ssl.bundle.pem." + name + ".truststore.certificate=file:ca.pem, "
							+ "or remove entra.security.ssl-bundle to use the JVM's trust store.");
		}
	}

}
