package io.github.entraauth.livy.user;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who a user is, for ownership and stored tokens: the tenant id and object id ({@code tid} and {@code oid}
 * claims). Unlike {@code preferred_username}, this pair is never reassigned to someone else.
 *
 * @param tenantId the tenant id, the {@code tid} claim
 * @param objectId the user's object id in that tenant, the {@code oid} claim
 */
public record EntraUserId(String tenantId, String objectId) {

	public EntraUserId {
		if (tenantId.isBlank() || objectId.isBlank() || tenantId.contains("/")) {
			throw new IllegalArgumentException("tenantId and objectId must be non-blank ids");
		}
	}

	/**
	 * The user of an Entra sign-in.
	 * @param user the authentication
	 * @return the user's ids, or empty if its principal carries no {@code tid} and {@code oid} claims
	 */
	public static Optional<EntraUserId> from(Authentication user) {
		if (!(user.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal)) {
			return Optional.empty();
		}
		Object tid = principal.getAttribute("tid");
		Object oid = principal.getAttribute("oid");
		if (tid == null || oid == null || tid.toString().isBlank() || oid.toString().isBlank()) {
			return Optional.empty();
		}
		return Optional.of(new EntraUserId(tid.toString(), oid.toString()));
	}

	/**
	 * The ids as one string, {@code <tid>/<oid>}, for stores keyed by strings.
	 * @return the key
	 */
	public String key() {
		return this.tenantId + "/" + this.objectId;
	}

	/**
	 * The ids from a {@link #key()}.
	 * @param key the key
	 * @return the ids
	 * @throws IllegalArgumentException if it is not a key
	 */
	public static EntraUserId ofKey(String key) {
		int slash = key.indexOf('/');
		if (slash < 1) {
			throw new IllegalArgumentException("Not a <tid>/<oid> key");
		}
		return new EntraUserId(key.substring(0, slash), key.substring(slash + 1));
	}

}
