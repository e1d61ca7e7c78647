package io.github.entraauth.test.entra;

import java.util.List;

/**
 * What a user consented to a client: the scopes of the authorization request.
 *
 * @param clientId the client
 * @param user the user
 * @param scopes the consented scopes
 */
record UserGrant(String clientId, EntraUser user, List<String> scopes) {
}
