package io.github.entraauth.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

/**
 * Builds the Spring Security client registration of an Entra v2 web app from {@code entra.security.*}, the
 * {@link EntraAuthority} and Entra's well-known endpoint layout, so that no discovery request is made at startup.
 */
final class EntraClientRegistrations {

	private EntraClientRegistrations() {
	}

	/**
	 * The client registration: endpoints under {@code {authority}/{tenant}}, issuer {@code {authority}/{tenant}/v2.0}
	 * for single-tenant sign-in (none for multi-tenant: the tenant validator checks each token's tenant and issuer),
	 * scopes {@code openid profile email offline_access} plus the configured ones, redirect URI
	 * {@code {baseUrl}/login/oauth2/code/{registrationId}}.
	 * @param properties the properties, with client id and client secret set
	 * @param authority where users sign in
	 * @return the registration
	 * @throws EntraConfigurationException when a required property is missing
	 */
	static ClientRegistration of(EntraSecurityProperties properties, EntraAuthority authority) {
		String clientId = require(properties.getClientId(), "entra.security.client-id",
				"Set it to the application (client) id of the app registration.");
		String clientSecret = require(properties.getClientSecret(), "entra.security.client-secret",
				"Set it to a client secret of the app registration, or define the registration with "
						+ "spring.security.oauth2.client.* instead.");
		String tenantBase = authority.tenantBase();
		Set<String> scopes = new LinkedHashSet<>(List.of("openid", "profile", "email", "offline_access"));
		scopes.addAll(properties.getScopes());
		ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(properties.getRegistrationId())
			.clientId(clientId)
			.clientSecret(clientSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope(scopes)
			.authorizationUri(tenantBase + "/oauth2/v2.0/authorize")
			.tokenUri(tenantBase + "/oauth2/v2.0/token")
			.jwkSetUri(tenantBase + "/discovery/v2.0/keys")
			.userNameAttributeName(properties.getUserNameAttribute())
			.clientName("Microsoft Entra ID")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", tenantBase + "/oauth2/v2.0/logout"));
		String issuer = authority.pinnedIssuer();
		if (issuer != null) {
			builder.issuerUri(issuer);
		}
		return builder.build();
	}

	private static String require(@Nullable String value, String property, String action) {
		if (!StringUtils.hasText(value)) {
			throw new EntraConfigurationException(property, "is not set", action);
		}
		return value.trim();
	}

}
