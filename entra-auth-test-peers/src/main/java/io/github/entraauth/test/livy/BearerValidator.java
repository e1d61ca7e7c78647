package io.github.entraauth.test.livy;

import java.net.URL;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Validates bearer tokens with Nimbus: RS256 signature against the given keys, exact issuer,
 * audience and expiry with no clock skew (so short-lived test tokens really expire).
 */
final class BearerValidator {

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	BearerValidator(JWKSource<SecurityContext> keys, String issuer, String audience) {
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
		DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(audience),
				new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"), null);
		verifier.setMaxClockSkew(0);
		this.processor.setJWTClaimsSetVerifier(verifier);
	}

	static BearerValidator of(JWKSet keys, String issuer, String audience) {
		return new BearerValidator(new ImmutableJWKSet<>(keys), issuer, audience);
	}

	static BearerValidator of(URL jwksUrl, String issuer, String audience) {
		return new BearerValidator(JWKSourceBuilder.create(jwksUrl).build(), issuer, audience);
	}

	/** Returns the (oid, first audience) of a valid token, or throws with the reason. */
	String[] validate(String token) throws Exception {
		JWTClaimsSet claims = this.processor.process(token, null);
		Object oid = claims.getClaim("oid");
		List<String> audiences = claims.getAudience();
		return new String[] { (oid != null) ? oid.toString() : claims.getSubject(),
				audiences.isEmpty() ? null : audiences.get(0) };
	}

}
