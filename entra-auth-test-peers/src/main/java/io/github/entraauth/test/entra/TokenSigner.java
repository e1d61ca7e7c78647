package io.github.entraauth.test.entra;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * An RS256 signing key with a {@code kid}: mints JWTs and verifies the ones it signed.
 */
final class TokenSigner {

	private final RSAKey key;

	private final RSASSASigner signer;

	private final RSASSAVerifier verifier;

	TokenSigner(String keyIdPrefix) {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(keyIdPrefix + "-" + UUID.randomUUID())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
			this.signer = new RSASSASigner(this.key);
			this.verifier = new RSASSAVerifier(this.key.toRSAPublicKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot create a signing key", ex);
		}
	}

	RSAKey publicKey() {
		return this.key.toPublicJWK();
	}

	/** Signs the claims with this key and returns the compact JWT. */
	String sign(JWTClaimsSet claims) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * Claims of an Entra v2 app-only access token.
	 * @param expiresAt may lie in the past, for negative tests; {@code iat}/{@code nbf} then stay before it
	 */
	static JWTClaimsSet accessTokenClaims(String issuer, String tenantId, String clientId, String oid,
			String audience, String azpacr, List<String> roles, Instant expiresAt) {
		Instant issuedAt = Instant.now();
		if (!issuedAt.isBefore(expiresAt)) {
			issuedAt = expiresAt.minus(Duration.ofHours(1));
		}
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject(oid)
			.claim("oid", oid)
			.claim("tid", tenantId)
			.claim("azp", clientId)
			.claim("azpacr", azpacr)
			.claim("appid", clientId)
			.claim("idtyp", "app")
			.claim("ver", "2.0")
			.claim("uti", Base64URL.encode(UUID.randomUUID().toString()).toString())
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt));
		if (!roles.isEmpty()) {
			claims.claim("roles", roles);
		}
		return claims.build();
	}

	/**
	 * Verifies the RS256 signature with this key and that the token has not expired. Messages never quote the
	 * token.
	 * @throws IllegalArgumentException when the token is malformed, not signed by this key or expired
	 */
	JWTClaimsSet verify(String jwt) {
		return verify(jwt, this.verifier, this.key.getKeyID());
	}

	/** Verifies a JWT signed by the holder of {@code publicKey}, whatever its {@code kid}. */
	static JWTClaimsSet verify(String jwt, RSAPublicKey publicKey) {
		return verify(jwt, new RSASSAVerifier(publicKey), null);
	}

	private static JWTClaimsSet verify(String jwt, RSASSAVerifier verifier, @Nullable String expectedKeyId) {
		SignedJWT signed;
		JWTClaimsSet claims;
		try {
			signed = SignedJWT.parse(jwt);
			claims = signed.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			// the parser's message may quote parts of the token, so neither it nor the cause is passed on
			throw new IllegalArgumentException("Not a signed JWT");
		}
		if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
			throw new IllegalArgumentException("Token is not signed with RS256");
		}
		if (expectedKeyId != null && !expectedKeyId.equals(signed.getHeader().getKeyID())) {
			throw new IllegalArgumentException("Token is signed with an unknown key id");
		}
		try {
			if (!signed.verify(verifier)) {
				throw new IllegalArgumentException("Token signature is not valid");
			}
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Token signature cannot be verified");
		}
		Date expiration = claims.getExpirationTime();
		if (expiration == null || !expiration.toInstant().isAfter(Instant.now())) {
			throw new IllegalArgumentException("Token has expired");
		}
		return claims;
	}

}
