package io.github.entraauth.test.entra;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import static io.github.entraauth.test.entra.EmulatorHandler.entraError;

/**
 * How the token endpoint authenticates an application: a client secret (form or HTTP Basic), a certificate
 * assertion as MSAL builds it, or a workload identity (federated) assertion, answering Entra's errors.
 */
final class ClientAuthentication {

	private final EntraEmulator emulator;

	ClientAuthentication(EntraEmulator emulator) {
		this.emulator = emulator;
	}

	static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	/** Accepted clock skew on client assertions, as Entra allows. */
	private static final long SKEW_SECONDS = 300;

	/** Checks the client's secret or assertion; the answer for a bad one, or null when the client is authenticated. */
	@Nullable Reply authenticate(Principal principal, @Nullable ClientCredentials basic, Map<String, String> form) {
		String clientId = principal.clientId();
		String secret = (basic != null) ? basic.secret() : form.get("client_secret");
		String assertion = form.get("client_assertion");
		if (secret != null) {
			if (principal.kind() != Principal.Kind.SECRET || !principal.secretMatches(secret)) {
				return entraError(401, "invalid_client", 7000215,
						"Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
								+ "value, not the client secret ID, for a secret added to app '" + clientId + "'.");
			}
			return null;
		}
		if (assertion != null) {
			if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
				return entraError(401, "invalid_client", 700027, "Client assertion type must be '" + JWT_BEARER + "'.");
			}
			return switch (principal.kind()) {
				case CERTIFICATE -> rejectCertificateAssertion(principal, assertion);
				case FEDERATED -> rejectFederatedAssertion(principal, assertion);
				default -> entraError(401, "invalid_client", 700027,
						"Client assertion failed signature validation. App '" + clientId + "' has no certificate or federated credential.");
			};
		}
		return entraError(401, "invalid_client", 7000218,
				"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
	}

	/** Checks a certificate assertion as MSAL builds it; the answer for a bad one, or null for a good one. */
	private @Nullable Reply rejectCertificateAssertion(Principal principal, String assertion) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(assertion);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			return badAssertion("Client assertion is not a signed JWT.");
		}
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
			return badAssertion("Client assertion must be signed with RS256.");
		}
		// MSAL writes x5t#S256 in standard Base64 with padding, so the raw header value is compared as is
		Base64URL thumbprint = jwt.getHeader().getX509CertSHA256Thumbprint();
		if (thumbprint == null || !thumbprint.toString().equals(principal.certificateThumbprint())) {
			return badAssertion("The certificate with identifier used to sign the client assertion is not registered "
					+ "on application '" + principal.clientId() + "'. [Reason - The key was not found., Thumbprint of key "
					+ "used by client: '" + ((thumbprint != null) ? thumbprint : "none") + "']");
		}
		try {
			if (!jwt.verify(new RSASSAVerifier(principal.certificateKey()))) {
				return badAssertion("Client assertion failed signature validation.");
			}
		}
		catch (JOSEException ex) {
			return badAssertion("Client assertion failed signature validation.");
		}
		if (!claims.getAudience().contains(this.emulator.tokenEndpoint())) {
			return badAssertion("The audience claim of the client assertion must be '" + this.emulator.tokenEndpoint() + "'.");
		}
		if (!principal.clientId().equals(claims.getIssuer()) || !principal.clientId().equals(claims.getSubject())) {
			return badAssertion("The iss and sub claims of the client assertion must be the client id '"
					+ principal.clientId() + "'.");
		}
		Instant now = Instant.now();
		if (claims.getExpirationTime() == null
				|| claims.getExpirationTime().toInstant().plusSeconds(SKEW_SECONDS).isBefore(now)
				|| (claims.getNotBeforeTime() != null
						&& claims.getNotBeforeTime().toInstant().minusSeconds(SKEW_SECONDS).isAfter(now))) {
			return badAssertion("Client assertion is not within its valid time range.");
		}
		return null;
	}

	/** Checks a workload identity assertion against the federated credential; null when it matches. */
	private @Nullable Reply rejectFederatedAssertion(Principal principal, String assertion) {
		JWTClaimsSet claims;
		try {
			claims = this.emulator.federationSigner().verify(assertion);
		}
		catch (IllegalArgumentException ex) {
			return badAssertion("Client assertion failed validation: " + ex.getMessage());
		}
		if (!EntraEmulator.FEDERATION_ISSUER.equals(claims.getIssuer())
				|| !claims.getAudience().contains(EntraEmulator.FEDERATION_AUDIENCE)
				|| !Objects.equals(principal.federatedSubject(), claims.getSubject())) {
			return entraError(400, "invalid_request", 70021,
					"No matching federated identity record found for presented assertion. Assertion Issuer: '"
							+ claims.getIssuer() + "'. Assertion Subject: '" + claims.getSubject()
							+ "'. Assertion Audience: '" + String.join(",", claims.getAudience()) + "'.");
		}
		return null;
	}

	private static Reply badAssertion(String description) {
		return entraError(401, "invalid_client", 700027, description);
	}

	/** client_secret_basic, as Kafka's built-in OAuth login handler sends it: URL-encoded id and secret. */
	static @Nullable ClientCredentials basicCredentials(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return null;
		}
		return new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
				URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
	}

	record ClientCredentials(String clientId, String secret) {

		@Override
		public String toString() {
			return "ClientCredentials[clientId=" + this.clientId + "]";
		}

	}

}
