package io.github.entraauth.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts a token only when its {@code tid} is an allowed tenant and its {@code iss} is Entra's issuer of that
 * same tenant, so that no claim of a token from another directory is ever mapped. Entra signs every tenant's
 * tokens with the same keys, so the signature alone does not tell tenants apart.
 */
final class EntraTenantValidator implements OAuth2TokenValidator<Jwt> {

	/** The issuer of v1.0 access tokens (accessTokenAcceptedVersion 1, the default of many APIs). */
	private static final String V1_ISSUER_HOST = "https://sts.windows.net/";

	private final EntraAuthority authority;

	private final boolean acceptV1Issuer;

	private final String errorCode;

	private EntraTenantValidator(EntraAuthority authority, boolean acceptV1Issuer, String errorCode) {
		this.authority = authority;
		this.acceptV1Issuer = acceptV1Issuer;
		this.errorCode = errorCode;
	}

	/** For ID tokens, always v2.0: {@code iss} must be {@code {authority}/{tid}/v2.0}. */
	static EntraTenantValidator idTokens(EntraAuthority authority) {
		return new EntraTenantValidator(authority, false, "invalid_id_token");
	}

	/** For access tokens presented to a resource server, v2.0 or the public cloud's v1.0 issuer. */
	static EntraTenantValidator accessTokens(EntraAuthority authority) {
		return new EntraTenantValidator(authority, true, "invalid_token");
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		@Nullable String tenant = token.getClaimAsString("tid");
		if (tenant == null || !this.authority.allowedTenants().contains(tenant)) {
			return failure("The token's tenant " + tenant + " is not in entra.security.allowed-tenants");
		}
		@Nullable String issuer = token.getClaimAsString("iss");
		Set<String> issuers = this.acceptV1Issuer ? Set.of(this.authority.issuerOf(tenant), V1_ISSUER_HOST + tenant + "/")
				: Set.of(this.authority.issuerOf(tenant));
		if (issuer == null || !issuers.contains(issuer)) {
			return failure("The token's issuer is not the Entra issuer of its tenant " + tenant);
		}
		return OAuth2TokenValidatorResult.success();
	}

	private OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(this.errorCode, description, null));
	}

}
