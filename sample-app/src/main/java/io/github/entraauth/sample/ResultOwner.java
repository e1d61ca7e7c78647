package io.github.entraauth.sample;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Whose results these are: the Entra user by tenant and object id, which never change or get reused, unlike
 * {@code preferred_username}.
 *
 * @param tenantId the {@code tid} claim
 * @param objectId the {@code oid} claim
 */
record ResultOwner(String tenantId, String objectId) {

	/**
	 * The owner of a signed-in user's results.
	 * @param user the signed-in user
	 * @return the owner
	 * @throws IllegalArgumentException if the user did not sign in with Entra or the ID token lacks tid or oid
	 */
	static ResultOwner of(Authentication user) {
		if (user.getPrincipal() instanceof OidcUser oidc) {
			String tenantId = oidc.getClaimAsString("tid");
			String objectId = oidc.getClaimAsString("oid");
			if (tenantId != null && !tenantId.isBlank() && objectId != null && !objectId.isBlank()) {
				return new ResultOwner(tenantId, objectId);
			}
		}
		throw new IllegalArgumentException("The signed-in user has no Entra tid and oid claims");
	}

}
