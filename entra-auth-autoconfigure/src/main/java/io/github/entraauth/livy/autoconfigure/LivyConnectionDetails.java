package io.github.entraauth.livy.autoconfigure;

import io.github.entraauth.livy.LivyDialect;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Livy endpoint is, as a service connection: a bean of this type switches Livy on and takes the
 * place of {@code entra.livy.base-url} and {@code entra.livy.dialect}; every other {@code entra.livy.*}
 * setting still applies. Test kits and development-time peers provide one.
 */
public interface LivyConnectionDetails extends ConnectionDetails {

	/**
	 * The Livy endpoint.
	 * @return the base URL every request path is appended to
	 */
	String getBaseUrl();

	/**
	 * The endpoint's dialect.
	 * @return the dialect, or {@code null} to take {@code entra.livy.dialect} or derive it from the URL
	 */
	default @Nullable LivyDialect getDialect() {
		return null;
	}

}
