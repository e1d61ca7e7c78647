package io.github.entraauth.test.entra;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

import static io.github.entraauth.test.entra.EmulatorHandler.entraError;
import static io.github.entraauth.test.entra.EmulatorHandler.jsonBody;

/**
 * Delegated (user) flows of the emulator: the authorization endpoint with PKCE, the {@code authorization_code},
 * {@code refresh_token} and on-behalf-of grants. Scopes follow {@link Scopes}; an access token is for the first
 * resource named in the token request's {@code scope}, else in the authorization request's.
 */
final class UserFlows {

	static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final SecureRandom random = new SecureRandom();

	private final EntraEmulator emulator;

	private final EntraUsers users;

	private final UserTokens tokens;

	private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();

	UserFlows(EntraEmulator emulator, EntraUsers users) {
		this.emulator = emulator;
		this.users = users;
		this.tokens = users.tokens();
	}


	Reply authorize(Map<String, String> query) {
		String clientId = query.get("client_id");
		Principal client = (clientId != null) ? this.emulator.principal(clientId) : null;
		if (client == null || !canSignInUsers(client)) {
			return errorPage(400, 700016, "Application with identifier '" + clientId + "' was not found in the directory '"
					+ this.emulator.tenantId() + "'.");
		}
		String redirectUri = query.get("redirect_uri");
		if (redirectUri == null || !this.users.redirectUriAllowed(clientId, redirectUri)) {
			return errorPage(400, 50011, "The redirect URI '" + redirectUri
					+ "' specified in the request does not match the redirect URIs configured for the application '"
					+ clientId + "'.");
		}
		String state = query.get("state");
		String responseMode = query.getOrDefault("response_mode", "query");
		if (!responseMode.equals("query") && !responseMode.equals("form_post")) {
			return redirectError(redirectUri, "query", state, "invalid_request", 900144,
					"The emulator supports response_mode query and form_post.");
		}
		if (!"code".equals(query.get("response_type"))) {
			return redirectError(redirectUri, responseMode, state, "unsupported_response_type", 700054,
					"The emulator supports response_type 'code'.");
		}
		String challenge = query.get("code_challenge");
		String challengeMethod = query.getOrDefault("code_challenge_method", "plain");
		if (challenge != null && !challengeMethod.equals("S256") && !challengeMethod.equals("plain")) {
			return redirectError(redirectUri, responseMode, state, "invalid_request", 501491,
					"Invalid code_challenge_method '" + challengeMethod + "'.");
		}
		List<String> scopes = Scopes.splitScopes(query.getOrDefault("scope", ""));
		if (scopes.isEmpty()) {
			return redirectError(redirectUri, responseMode, state, "invalid_request", 900144,
					"The request body must contain the following parameter: 'scope'.");
		}
		String loginHint = query.get("login_hint");
		String username = (loginHint != null && !loginHint.isBlank()) ? loginHint : this.users.signedIn();
		if (username == null) {
			if ("none".equals(query.get("prompt"))) {
				return redirectError(redirectUri, responseMode, state, "login_required", 50058,
						"A silent sign-in request was sent but no user is signed in.");
			}
			return userPicker(query);
		}
		EntraUser user = this.users.find(username);
		if (user == null) {
			return errorPage(400, 50034, "The user account '" + username + "' does not exist in the '"
					+ this.emulator.tenantId() + "' directory.");
		}
		String code = randomToken();
		this.codes.put(code, new AuthorizationCode(clientId, redirectUri, user, scopes, query.get("nonce"), challenge,
				challengeMethod, Instant.now().plus(CODE_LIFETIME)));
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code", code);
		if (state != null) {
			parameters.put("state", state);
		}
		parameters.put("session_state", UUID.randomUUID().toString());
		return answer(redirectUri, responseMode, parameters);
	}

	Reply logout(Map<String, String> query) {
		String postLogout = query.get("post_logout_redirect_uri");
		if (postLogout != null && !postLogout.isBlank()) {
			String state = query.get("state");
			return Reply.redirect((state != null) ? withQuery(postLogout, Map.of("state", state)) : postLogout);
		}
		return Reply.html(200, "<!DOCTYPE html><html><head><title>Signed out</title></head>"
				+ "<body><p>You signed out of your account.</p></body></html>");
	}


	Reply redeemCode(Principal client, Map<String, String> form) {
		String code = form.get("code");
		AuthorizationCode grant = (code != null) ? this.codes.remove(code) : null;
		if (grant == null) {
			return entraError(400, "invalid_grant", 54005,
					"OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
		}
		if (grant.expiresAt().isBefore(Instant.now())) {
			return entraError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired "
					+ "due to inactivity. Send a new interactive authorization request for this user and resource.");
		}
		if (!grant.clientId().equals(client.clientId())) {
			return entraError(400, "invalid_grant", 70000, "The provided authorization code was issued to another client.");
		}
		if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
			return entraError(400, "invalid_grant", 70000,
					"The redirect_uri of the token request does not match the one of the authorization request.");
		}
		if (grant.codeChallenge() != null) {
			String verifier = form.get("code_verifier");
			if (verifier == null) {
				return entraError(400, "invalid_grant", 501481,
						"The Code_Verifier does not match the code_challenge supplied in the authorization request for PKCE.");
			}
			String expected = grant.codeChallengeMethod().equals("S256") ? s256(verifier) : verifier;
			if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
				return entraError(400, "invalid_grant", 501481,
						"The Code_Verifier does not match the code_challenge supplied in the authorization request for PKCE.");
			}
		}
		return userTokenResponse(new UserGrant(client.clientId(), grant.user(), grant.scopes()),
				Scopes.splitScopes(form.getOrDefault("scope", "")), grant.nonce());
	}

	Reply refresh(Principal client, Map<String, String> form) {
		String refreshToken = form.get("refresh_token");
		UserGrant grant = (refreshToken != null) ? this.users.refreshTokens().get(refreshToken) : null;
		if (grant == null) {
			return entraError(400, "invalid_grant", 50173,
					"The provided grant has expired due to it being revoked, a fresh auth token is needed.");
		}
		if (!grant.clientId().equals(client.clientId())) {
			return entraError(400, "invalid_grant", 70000, "The refresh token was issued to another client.");
		}
		return userTokenResponse(grant, Scopes.splitScopes(form.getOrDefault("scope", "")), null);
	}

	Reply onBehalfOf(Principal client, Map<String, String> form) {
		if (!"on_behalf_of".equals(form.get("requested_token_use"))) {
			return entraError(400, "invalid_request", 90014,
					"The request body must contain the following parameter: 'requested_token_use' with value 'on_behalf_of'.");
		}
		String assertion = form.get("assertion");
		JWTClaimsSet claims;
		try {
			claims = this.emulator.verify(Objects.requireNonNullElse(assertion, ""));
		}
		catch (IllegalArgumentException ex) {
			return entraError(400, "invalid_grant", 50013, "Assertion failed signature validation. " + ex.getMessage());
		}
		List<String> audiences = claims.getAudience();
		if (!audiences.contains(client.clientId()) && !audiences.contains("api://" + client.clientId())) {
			return entraError(400, "invalid_grant", 50013, "Assertion audience does not match the client app '"
					+ client.clientId() + "' (expected it or api://" + client.clientId() + ").");
		}
		EntraUser user = this.users.userWithOid(claims.getClaim("oid"));
		if (claims.getClaim("scp") == null || user == null) {
			return entraError(400, "invalid_grant", 50013,
					"The assertion is not a delegated token for a user; on-behalf-of needs a user's access token.");
		}
		List<String> scopes = Scopes.splitScopes(form.getOrDefault("scope", ""));
		String resource = Scopes.firstResource(scopes);
		if (resource.equals(Scopes.GRAPH) && scopes.stream().allMatch(Scopes.OIDC_SCOPES::contains)) {
			return entraError(400, "invalid_scope", 70011, "The on-behalf-of request needs a scope of a resource.");
		}
		IssuedToken token = this.tokens.userAccessToken(user, client.clientId(), resource, Scopes.permissionsOf(scopes, resource),
				this.emulator.tokens().lifetime());
		this.emulator.tokens().notifyListeners(token);
		Map<String, Object> body = UserTokens.tokenBody(token, Scopes.grantedScopes(resource, Scopes.permissionsOf(scopes, resource), scopes));
		this.emulator.tokens().countIssued(token);
		return new Reply(200, jsonBody(body));
	}


	private Reply userTokenResponse(UserGrant grant, List<String> requestedScopes, @Nullable String nonce) {
		for (String scope : requestedScopes) {
			if (!Scopes.OIDC_SCOPES.contains(scope) && !Scopes.consented(grant.scopes(), scope)) {
				return entraError(400, "invalid_grant", 65001, "The user or administrator has not consented to use the "
						+ "application with ID '" + grant.clientId() + "' for scope '" + scope + "'.");
			}
		}
		// a user's groups or roles may have changed since the sign-in; tokens carry the current ones
		EntraUser current = Objects.requireNonNullElse(this.users.userWithOid(grant.user().oid()), grant.user());
		grant = new UserGrant(grant.clientId(), current, grant.scopes());
		List<String> scopes = requestedScopes.stream().anyMatch((scope) -> !Scopes.OIDC_SCOPES.contains(scope)) ? requestedScopes
				: grant.scopes();
		String resource = Scopes.firstResource(scopes);
		List<String> permissions = Scopes.permissionsOf(scopes, resource);
		if (permissions.contains(".default")) {
			permissions = Scopes.permissionsOf(grant.scopes(), resource).stream().filter((name) -> !name.equals(".default")).toList();
		}
		IssuedToken token = this.tokens.userAccessToken(grant.user(), grant.clientId(), resource, permissions,
				this.emulator.tokens().lifetime());
		this.emulator.tokens().notifyListeners(token);
		Map<String, Object> body = UserTokens.tokenBody(token, Scopes.grantedScopes(resource, permissions, grant.scopes()));
		if (grant.scopes().contains("offline_access")) {
			String refreshToken = randomToken();
			EmulatorSecrets.add(refreshToken);
			this.users.refreshTokens().put(refreshToken, grant);
			body.put("refresh_token", refreshToken);
		}
		if (grant.scopes().contains("openid")) {
			String idToken = this.tokens.idToken(grant.user(), grant.clientId(), nonce, token.jwt(), grant.scopes());
			EmulatorSecrets.add(idToken);
			body.put("id_token", idToken);
		}
		this.emulator.tokens().countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	private static boolean canSignInUsers(Principal client) {
		return client.kind() == Principal.Kind.SECRET || client.kind() == Principal.Kind.CERTIFICATE
				|| client.kind() == Principal.Kind.FEDERATED;
	}

	/** The page a browser sees when no user is chosen: one link per registered user. */
	private Reply userPicker(Map<String, String> query) {
		StringBuilder page = new StringBuilder(
				"<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><h1>Pick an account</h1><ul>");
		String base = "/" + this.emulator.tenantId() + "/oauth2/v2.0/authorize";
		for (EntraUser user : this.users.sorted()) {
			Map<String, String> parameters = new LinkedHashMap<>(query);
			parameters.put("login_hint", user.username());
			page.append("<li><a id=\"").append(escape(user.username())).append("\" href=\"")
				.append(escape(withQuery(base, parameters))).append("\">").append(escape(user.displayName()))
				.append(" (").append(escape(user.username())).append(")</a></li>");
		}
		page.append("</ul></body></html>");
		return Reply.html(200, page.toString());
	}

	private static Reply answer(String redirectUri, String responseMode, Map<String, String> parameters) {
		if (responseMode.equals("form_post")) {
			StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\">"
					+ "<form method=\"post\" action=\"" + escape(redirectUri) + "\">");
			parameters.forEach((name, value) -> page.append("<input type=\"hidden\" name=\"").append(escape(name))
				.append("\" value=\"").append(escape(value)).append("\"/>"));
			page.append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
			return Reply.html(200, page.toString());
		}
		return Reply.redirect(withQuery(redirectUri, parameters));
	}

	private static Reply redirectError(String redirectUri, String responseMode, @Nullable String state, String error,
			int code, String description) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("error", error);
		parameters.put("error_description", "AADSTS" + code + ": " + description);
		if (state != null) {
			parameters.put("state", state);
		}
		return answer(redirectUri, responseMode, parameters);
	}

	private static Reply errorPage(int status, int code, String description) {
		return Reply.html(status, "<!DOCTYPE html><html><head><title>Sign in error</title></head><body><p id=\"error\">AADSTS"
				+ code + ": " + escape(description) + "</p></body></html>");
	}

	private static String s256(String verifier) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(UserTokens.sha256(verifier));
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String withQuery(String url, Map<String, String> parameters) {
		StringBuilder result = new StringBuilder(url);
		char separator = url.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			result.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
			separator = '&';
		}
		return result.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String escape(String value) {
		return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

	private record AuthorizationCode(String clientId, String redirectUri, EntraUser user, List<String> scopes,
			@Nullable String nonce, @Nullable String codeChallenge, String codeChallengeMethod, Instant expiresAt) {
	}

}
