package io.github.entraauth.test.entra;

import java.util.List;

/**
 * A user account known to the {@link EntraEmulator}, signed in through the authorization endpoint.
 *
 * @param username the user principal name, such as {@code alice@contoso.test}; the ID token's
 * {@code preferred_username}
 * @param oid the stable object id, in every token's {@code oid} claim and answered by Graph {@code /v1.0/me}
 * @param displayName the ID token's {@code name}
 * @param groups object ids of the groups the user is a member of, in the {@code groups} claim unless they exceed
 * the {@linkplain EntraEmulator#groupOverageLimit(int) overage limit}, and always listed by Graph
 * {@code /v1.0/me/memberOf}
 * @param appRoles app role values assigned to the user, in the {@code roles} claim of ID and access tokens
 */
public record EntraUser(String username, String oid, String displayName, List<String> groups, List<String> appRoles) {

	/**
	 * Copies the lists so the record stays immutable.
	 * @param username the user principal name
	 * @param oid the object id
	 * @param displayName the display name
	 * @param groups group object ids
	 * @param appRoles app role values
	 */
	public EntraUser {
		groups = List.copyOf(groups);
		appRoles = List.copyOf(appRoles);
	}

}
