package io.github.entraauth.security;

import java.util.Map;

import io.github.entraauth.config.EntraConfigurationException;

import org.springframework.core.env.Environment;

/**
 * The keys that repeated the identity model under entra.security and now live only under entra.credential. A
 * left-over key fails the start instead of being ignored, since it might hold the only tenant pin.
 */
final class RetiredSecurityProperties {

	private static final Map<String, String> REPLACEMENTS = Map.of("entra.security.tenant-id",
			"entra.credential.tenant-id", "entra.security.authority-host", "entra.credential.authority-host",
			"entra.security.ssl-bundle", "entra.credential.ssl-bundle");

	private RetiredSecurityProperties() {
	}

	static void check(Environment environment) {
		REPLACEMENTS.forEach((retired, replacement) -> {
			if (environment.containsProperty(retired)) {
				throw new EntraConfigurationException(retired, "is no longer supported: web sign-in uses the "
						+ "application's one identity model", "Move the value to " + replacement
						+ " (web sign-in and the application's credential share it) and remove " + retired + ".");
			}
		});
	}

}
