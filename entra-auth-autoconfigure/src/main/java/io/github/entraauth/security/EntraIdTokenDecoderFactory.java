package io.github.entraauth.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * ID token decoders: for the Entra registration, one that fetches the JWKS through the configured SSL bundle and
 * accepts only tokens whose {@code tid} is an allowed tenant and whose {@code iss} is that tenant's issuer; for
 * any other registration, Spring Security's default.
 */
final class EntraIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	private final String registrationId;

	private final EntraAuthority authority;

	private final RestOperations restOperations;

	private final OidcIdTokenDecoderFactory others = new OidcIdTokenDecoderFactory();

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	EntraIdTokenDecoderFactory(String registrationId, EntraAuthority authority, RestOperations restOperations) {
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
			OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
					EntraTenantValidator.idTokens(this.authority), new JwtTimestampValidator(),
					new OidcIdTokenValidator(registration));
			decoder.setJwtValidator(validator);
			decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
			return decoder;
		});
	}

}
