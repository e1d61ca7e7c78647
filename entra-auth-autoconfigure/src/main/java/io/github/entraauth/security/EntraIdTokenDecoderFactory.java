package io.github.entraauth.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * ID token decoders: for the Entra registration, one that fetches the JWKS through the configured SSL bundle and,
 * for a multi-tenant registration, checks that {@code iss} is the issuer of the token's own {@code tid}; for any
 * other registration, Spring Security's default.
 */
final class EntraIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	private final String registrationId;

	private final String authority;

	private final RestOperations restOperations;

	private final OidcIdTokenDecoderFactory others = new OidcIdTokenDecoderFactory();

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	EntraIdTokenDecoderFactory(String registrationId, String authority, RestOperations restOperations) {
		this.registrationId = registrationId;
		this.authority = authority;
		this.restOperations = restOperations;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		if (!registration.getRegistrationId().equals(this.registrationId)) {
			return this.others.createDecoder(registration);
		}
		return this.decoders.computeIfAbsent(registration.getRegistrationId(), (id) -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.restOperations(this.restOperations)
				.build();
			OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
					new OidcIdTokenValidator(registration), this::issuerOfOwnTenant);
			decoder.setJwtValidator(validator);
			decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
			return decoder;
		});
	}

	/** Entra's issuer is {@code {authority}/{tid}/v2.0}; with a fixed tenant the OIDC validator checks it too. */
	private OAuth2TokenValidatorResult issuerOfOwnTenant(Jwt token) {
		String tenant = token.getClaimAsString("tid");
		String expected = this.authority + "/" + tenant + "/v2.0";
		if (tenant != null && expected.equals(token.getClaimAsString("iss"))) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_id_token",
				"The ID token's issuer is not the Entra issuer of its tenant " + tenant, null));
	}

}
