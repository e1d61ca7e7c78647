package io.github.entraauth.test.entra;

import java.time.Instant;

/**
 * A token the {@link EntraEmulator} issued.
 *
 * @param clientId the client (application or managed identity) the token was issued to
 * @param oid the object id in the token's {@code oid} and {@code sub} claims
 * @param audience the token's {@code aud} claim
 * @param jwt the signed access token
 * @param expiresAt the token's {@code exp} claim
 */
public record IssuedToken(String clientId, String oid, String audience, String jwt, Instant expiresAt) {

	/** Leaves out the token itself, so logging this record never leaks a credential. */
	@Override
	public String toString() {
		return "IssuedToken[clientId=" + this.clientId + ", oid=" + this.oid + ", audience=" + this.audience
				+ ", expiresAt=" + this.expiresAt + "]";
	}

}
