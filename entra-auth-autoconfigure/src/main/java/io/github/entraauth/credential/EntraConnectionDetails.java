package io.github.entraauth.credential;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * The application's default identity as a service connection: a bean of this type takes the place of
 * {@code entra.credential.*} (per-integration overrides still fall back to it). Test kits and
 * development-time peers provide one that points at a local Entra ID; its {@code sslBundle} names a bundle
 * they register, so the authority host is trusted without any {@code spring.ssl.*} property. Web sign-in keeps
 * reading {@code entra.credential.*} and {@code entra.security.*}.
 */
public interface EntraConnectionDetails extends ConnectionDetails {

	/**
	 * The identity's settings.
	 * @return the settings, checked like {@code entra.credential.*}
	 */
	CredentialSettings getCredentialSettings();

}
