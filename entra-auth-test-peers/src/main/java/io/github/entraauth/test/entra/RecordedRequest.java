package io.github.entraauth.test.entra;

import org.jspecify.annotations.Nullable;

/**
 * A request the {@link EntraEmulator} received. Never holds a secret, assertion or token.
 *
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param kind what was asked for: {@code client_secret}, {@code client_assertion} (certificate),
 * {@code federated}, {@code token} (a token request with neither secret nor assertion), {@code authorization_code},
 * {@code refresh_token}, {@code on_behalf_of} (the delegated grants, whatever the client authentication),
 * {@code msi_app_service}, {@code imds}, {@code authorize}, {@code logout}, {@code graph_me},
 * {@code graph_member_of}, {@code userinfo}, {@code jwks}, {@code openid_configuration} or {@code unknown}
 * @param clientId the client id the request named, or {@code null} when it named none
 * @param status the HTTP status answered, or {@code 0} when the connection was dropped without an answer
 */
public record RecordedRequest(String method, String path, String kind, @Nullable String clientId, int status) {

}
