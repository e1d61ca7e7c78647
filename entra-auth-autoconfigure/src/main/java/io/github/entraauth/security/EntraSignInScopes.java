package io.github.entraauth.security;

import java.util.Set;

/**
 * Scopes another integration needs the user to consent to at Entra sign-in, so that the sign-in's refresh
 * token can later be redeemed for them. Every such bean adds its scopes to the Entra client registration.
 */
@FunctionalInterface
public interface EntraSignInScopes {

	/**
	 * The scopes to request at sign-in besides the configured ones.
	 * @return the scopes
	 */
	Set<String> scopes();

}
