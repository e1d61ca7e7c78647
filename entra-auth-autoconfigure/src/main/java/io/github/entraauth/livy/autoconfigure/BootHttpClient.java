package io.github.entraauth.livy.autoconfigure;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.JdkHttpClientBuilder;

/**
 * Livy's JDK client built from Boot's {@link HttpClientSettings} ({@code spring.http.clients.*}). Only loaded when
 * Boot's HTTP client module is on the classpath, which the starter leaves to the application.
 */
final class BootHttpClient {

	static final String SETTINGS_CLASS = "org.springframework.boot.http.client.HttpClientSettings";

	private BootHttpClient() {
	}

	/**
	 * Boot's SSL bundle and connect timeout (the request timeout when Boot sets none); never redirects, whatever
	 * {@code spring.http.clients.redirects} says, because every request carries a credential.
	 */
	static HttpClient forLivy(ListableBeanFactory beanFactory, Duration requestTimeout) {
		HttpClientSettings boot = beanFactory.getBeanProvider(HttpClientSettings.class)
			.getIfAvailable(HttpClientSettings::defaults);
		HttpClientSettings settings = new HttpClientSettings(boot.cookieHandling(), HttpRedirects.DONT_FOLLOW,
				(boot.connectTimeout() != null) ? boot.connectTimeout() : requestTimeout, null, boot.sslBundle(),
				boot.inetAddressFilter());
		return new JdkHttpClientBuilder().build(settings);
	}

}
