package io.github.entraauth.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.entraauth.config.EntraConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

/**
 * Builds the Spring Security client registration of an Entra v2 web app from {@code entra.security.*} and
 * Entra's well-known endpoint layout, so that no discovery request is made at startup.
 */
public final class EntraClientRegistrations {

	/** Tenants that stand for many directories; their tokens carry the signing-in user's own tenant. */
	static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

	private EntraClientRegistrations() {
	}

	/**
	 * The client registration for {@code entra.security.*}: endpoints under {@code {authority}/{tenant}}, issuer
	 * {@code {authority}/{tenant}/v2.0} (none for multi-tenant), scopes {@code openid profile email offline_access}
	 * plus the configured ones, redirect URI {@code {baseUrl}/login/oauth2/code/{registrationId}}.
	 * @param properties the properties, with tenant id, client id and client secret set
	 * @return the registration
	 * @throws EntraConfigurationException when a required property is missing or malformed
	 */
	public static ClientRegistration of(EntraSecurityProperties properties) {
		String tenantId = require(properties.getTenantId(), "entra.security.tenant-id",
				"Set it to the directory (tenant) id of the app registration.");
		String clientId = require(properties.getClientId(), "entra.security.client-id",
				"Set it to the application (client) id of the app registration.");
		String clientSecret = require(properties.getClientSecret(), "entra.security.client-secret",
				"Set it to a client secret of the app registration, or define the registration with "
						+ "spring.security.oauth2.client.* instead.");
		String authority = authority(properties);
		String tenantBase = authority + "/" + tenantId;
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
		if (!isMultiTenant(tenantId)) {
			builder.issuerUri(tenantBase + "/v2.0");
		}
		return builder.build();
	}

	static boolean isMultiTenant(String tenantId) {
		return MULTI_TENANT.contains(tenantId.toLowerCase(Locale.ROOT));
	}

	/** The authority host without a trailing slash, validated. */
	static String authority(EntraSecurityProperties properties) {
		String authority = properties.getAuthorityHost().trim();
		while (authority.endsWith("/")) {
			authority = authority.substring(0, authority.length() - 1);
		}
		if (!authority.startsWith("https://")) {
			throw new EntraConfigurationException("entra.security.authority-host",
					"'" + authority + "' is not an https URL", "Use https://login.microsoftonline.com or your cloud's host.");
		}
		return authority;
	}

	private static String require(@Nullable String value, String property, String action) {
		if (!StringUtils.hasText(value)) {
			throw new EntraConfigurationException(property, "is not set", action);
		}
		return value.trim();
	}

}
