package io.github.entraauth.test.entra;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

import static io.github.entraauth.test.entra.EmulatorHandler.entraError;
import static io.github.entraauth.test.entra.EmulatorHandler.jsonBody;

/**
 * Delegated (user) flows of the emulator: the authorization endpoint with PKCE, the {@code authorization_code},
 * {@code refresh_token} and on-behalf-of grants, ID tokens, and a Graph stand-in for {@code /v1.0/me},
 * {@code /v1.0/me/memberOf} and {@code /oidc/userinfo}.
 * <p>
 * Scopes follow Entra's rules: {@code openid profile email offline_access} are OIDC scopes; {@code <resource>/<name>}
 * names a permission of a resource such as {@code https://api.fabric.microsoft.com}; a bare name such as
 * {@code User.Read} is a Microsoft Graph permission. An access token is for one resource: the first resource named
 * in the token request's {@code scope}, else in the authorization request's.
 */
final class UserFlows {

	static final String GRAPH = "https://graph.microsoft.com";

	static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

	/** Graph permissions that allow listing the signed-in user's group memberships. */
	private static final Set<String> MEMBER_OF_SCOPES = Set.of("User.Read", "GroupMember.Read.All",
			"Directory.Read.All", "Directory.ReadWrite.All");

	/** Permissions with which Graph returns more than the id of a group (limited information otherwise). */
	private static final Set<String> GROUP_DETAIL_SCOPES = Set.of("GroupMember.Read.All", "Directory.Read.All",
			"Directory.ReadWrite.All");

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final SecureRandom random = new SecureRandom();

	private final EntraEmulator emulator;

	private final Map<String, EntraUser> users = new ConcurrentHashMap<>();

	private final Map<String, String> homeTenants = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> redirectUris = new ConcurrentHashMap<>();

	private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();

	private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

	private volatile @Nullable String signedInUser;

	private volatile int groupOverageLimit = 200;

	private volatile GroupOverageForm groupOverageForm = GroupOverageForm.CLAIM_SOURCES;

	private volatile int graphPageSize = 100;

	UserFlows(EntraEmulator emulator) {
		this.emulator = emulator;
	}

	// ---- configuration, through EntraEmulator ----

	EntraUser registerUser(String username, String displayName, List<String> groups, List<String> appRoles) {
		return this.users.compute(username.toLowerCase(), (key, previous) -> new EntraUser(username,
				(previous != null) ? previous.oid() : UUID.randomUUID().toString(), displayName, groups, appRoles));
	}

	void homeTenant(String username, String tenantId) {
		this.homeTenants.put(user(username).username().toLowerCase(), tenantId);
	}

	/** The tenant whose tid and issuer the user's tokens carry: the emulator's own unless moved. */
	private String tenantOf(EntraUser user) {
		return this.homeTenants.getOrDefault(user.username().toLowerCase(), this.emulator.tenantId());
	}

	private String issuerOf(EntraUser user) {
		return this.emulator.httpsBaseUrl() + "/" + tenantOf(user) + "/v2.0";
	}

	EntraUser user(String username) {
		EntraUser user = this.users.get(username.toLowerCase());
		if (user == null) {
			throw new IllegalArgumentException("No user registered with username " + username);
		}
		return user;
	}

	void signInAs(@Nullable String username) {
		this.signedInUser = (username != null) ? user(username).username() : null;
	}

	void registerRedirectUri(String clientId, String redirectUri) {
		this.redirectUris.computeIfAbsent(clientId, (id) -> ConcurrentHashMap.newKeySet()).add(redirectUri);
	}

	void groupOverageLimit(int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("Group overage limit must not be negative, was " + limit);
		}
		this.groupOverageLimit = limit;
	}

	void groupOverageForm(GroupOverageForm form) {
		this.groupOverageForm = Objects.requireNonNull(form, "form");
	}

	void graphPageSize(int size) {
		if (size < 1 || size > 999) {
			throw new IllegalArgumentException("Graph page size must be 1 to 999, was " + size);
		}
		this.graphPageSize = size;
	}

	void revokeRefreshTokens(String username) {
		String oid = user(username).oid();
		this.refreshTokens.values().removeIf((grant) -> grant.user().oid().equals(oid));
	}

	String mintUserAccessToken(String username, String clientId, String scope, Duration lifetime) {
		EntraUser user = user(username);
		List<String> scopes = splitScopes(scope);
		String resource = firstResource(scopes);
		IssuedToken token = userAccessToken(user, clientId, resource, permissionsOf(scopes, resource), lifetime);
		this.emulator.notifyIssued(token);
		return token.jwt();
	}

	// ---- authorization endpoint ----

	Reply authorize(Map<String, String> query) {
		String clientId = query.get("client_id");
		Principal client = (clientId != null) ? this.emulator.principal(clientId) : null;
		if (client == null || !canSignInUsers(client)) {
			return errorPage(400, 700016, "Application with identifier '" + clientId + "' was not found in the directory '"
					+ this.emulator.tenantId() + "'.");
		}
		String redirectUri = query.get("redirect_uri");
		if (redirectUri == null || !redirectUriAllowed(clientId, redirectUri)) {
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
		List<String> scopes = splitScopes(query.getOrDefault("scope", ""));
		if (scopes.isEmpty()) {
			return redirectError(redirectUri, responseMode, state, "invalid_request", 900144,
					"The request body must contain the following parameter: 'scope'.");
		}
		String loginHint = query.get("login_hint");
		String username = (loginHint != null && !loginHint.isBlank()) ? loginHint : this.signedInUser;
		if (username == null) {
			if ("none".equals(query.get("prompt"))) {
				return redirectError(redirectUri, responseMode, state, "login_required", 50058,
						"A silent sign-in request was sent but no user is signed in.");
			}
			return userPicker(query);
		}
		EntraUser user = this.users.get(username.toLowerCase());
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

	// ---- token endpoint grants; the client is already authenticated ----

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
		return userTokenResponse(new Grant(client.clientId(), grant.user(), grant.scopes()),
				splitScopes(form.getOrDefault("scope", "")), grant.nonce());
	}

	Reply refresh(Principal client, Map<String, String> form) {
		String refreshToken = form.get("refresh_token");
		Grant grant = (refreshToken != null) ? this.refreshTokens.get(refreshToken) : null;
		if (grant == null) {
			return entraError(400, "invalid_grant", 50173,
					"The provided grant has expired due to it being revoked, a fresh auth token is needed.");
		}
		if (!grant.clientId().equals(client.clientId())) {
			return entraError(400, "invalid_grant", 70000, "The refresh token was issued to another client.");
		}
		return userTokenResponse(grant, splitScopes(form.getOrDefault("scope", "")), null);
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
		EntraUser user = userWithOid(claims.getClaim("oid"));
		if (claims.getClaim("scp") == null || user == null) {
			return entraError(400, "invalid_grant", 50013,
					"The assertion is not a delegated token for a user; on-behalf-of needs a user's access token.");
		}
		List<String> scopes = splitScopes(form.getOrDefault("scope", ""));
		String resource = firstResource(scopes);
		if (resource.equals(GRAPH) && scopes.stream().allMatch(OIDC_SCOPES::contains)) {
			return entraError(400, "invalid_scope", 70011, "The on-behalf-of request needs a scope of a resource.");
		}
		IssuedToken token = userAccessToken(user, client.clientId(), resource, permissionsOf(scopes, resource),
				this.emulator.tokenLifetime());
		this.emulator.notifyIssued(token);
		Map<String, Object> body = tokenBody(token, grantedScopes(resource, permissionsOf(scopes, resource), scopes));
		this.emulator.countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	// ---- Graph stand-in ----

	Reply graphMe(@Nullable String authorization) {
		GraphCaller caller = graphCaller(authorization);
		if (caller.rejection() != null) {
			return caller.rejection();
		}
		if (!caller.scopes().contains("User.Read") && !caller.scopes().contains("User.ReadBasic.All")
				&& !caller.scopes().contains("Directory.Read.All")) {
			return graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
		}
		EntraUser user = caller.user();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@odata.context", GRAPH + "/v1.0/$metadata#users/$entity");
		body.put("id", user.oid());
		body.put("displayName", user.displayName());
		body.put("userPrincipalName", user.username());
		body.put("mail", user.username());
		return new Reply(200, jsonBody(body));
	}

	Reply graphMemberOf(@Nullable String authorization, Map<String, String> query, String requestUrl) {
		GraphCaller caller = graphCaller(authorization);
		if (caller.rejection() != null) {
			return caller.rejection();
		}
		if (caller.scopes().stream().noneMatch(MEMBER_OF_SCOPES::contains)) {
			return graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
		}
		int pageSize = this.graphPageSize;
		int offset = 0;
		try {
			if (query.containsKey("$top")) {
				pageSize = Math.min(999, Math.max(1, Integer.parseInt(query.get("$top"))));
			}
			if (query.containsKey("$skiptoken")) {
				offset = Integer.parseInt(query.get("$skiptoken"));
			}
		}
		catch (NumberFormatException ex) {
			return graphError(400, "Request_BadRequest", "Invalid $top or $skiptoken.");
		}
		boolean details = caller.scopes().stream().anyMatch(GROUP_DETAIL_SCOPES::contains);
		List<String> groups = caller.user().groups();
		List<Map<String, Object>> page = new ArrayList<>();
		for (String group : groups.subList(Math.min(offset, groups.size()), Math.min(offset + pageSize, groups.size()))) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("@odata.type", "#microsoft.graph.group");
			entry.put("id", group);
			// with User.Read only, Graph returns the id and type of a group and nulls for the rest
			entry.put("displayName", details ? "Group " + group : null);
			page.add(entry);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@odata.context", GRAPH + "/v1.0/$metadata#directoryObjects");
		if (offset + pageSize < groups.size()) {
			body.put("@odata.nextLink", withQuery(requestUrl, Map.of("$top", Integer.toString(pageSize), "$skiptoken",
					Integer.toString(offset + pageSize))));
		}
		body.put("value", page);
		return new Reply(200, jsonBody(body));
	}

	Reply userInfo(@Nullable String authorization) {
		GraphCaller caller = graphCaller(authorization);
		if (caller.rejection() != null) {
			return caller.rejection();
		}
		EntraUser user = caller.user();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", caller.subject());
		body.put("name", user.displayName());
		body.put("email", user.username());
		body.put("preferred_username", user.username());
		return new Reply(200, jsonBody(body));
	}

	// ---- helpers ----

	private Reply userTokenResponse(Grant grant, List<String> requestedScopes, @Nullable String nonce) {
		for (String scope : requestedScopes) {
			if (!OIDC_SCOPES.contains(scope) && !consented(grant.scopes(), scope)) {
				return entraError(400, "invalid_grant", 65001, "The user or administrator has not consented to use the "
						+ "application with ID '" + grant.clientId() + "' for scope '" + scope + "'.");
			}
		}
		// a user's groups or roles may have changed since the sign-in; tokens carry the current ones
		EntraUser current = Objects.requireNonNullElse(userWithOid(grant.user().oid()), grant.user());
		grant = new Grant(grant.clientId(), current, grant.scopes());
		List<String> scopes = requestedScopes.stream().anyMatch((scope) -> !OIDC_SCOPES.contains(scope)) ? requestedScopes
				: grant.scopes();
		String resource = firstResource(scopes);
		List<String> permissions = permissionsOf(scopes, resource);
		if (permissions.contains(".default")) {
			permissions = permissionsOf(grant.scopes(), resource).stream().filter((name) -> !name.equals(".default")).toList();
		}
		IssuedToken token = userAccessToken(grant.user(), grant.clientId(), resource, permissions,
				this.emulator.tokenLifetime());
		this.emulator.notifyIssued(token);
		Map<String, Object> body = tokenBody(token, grantedScopes(resource, permissions, grant.scopes()));
		if (grant.scopes().contains("offline_access")) {
			String refreshToken = randomToken();
			this.refreshTokens.put(refreshToken, grant);
			body.put("refresh_token", refreshToken);
		}
		if (grant.scopes().contains("openid")) {
			body.put("id_token", idToken(grant.user(), grant.clientId(), nonce, token.jwt(), grant.scopes()));
		}
		this.emulator.countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	private static Map<String, Object> tokenBody(IssuedToken token, String scope) {
		long expiresIn = Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("scope", scope);
		body.put("expires_in", expiresIn);
		body.put("ext_expires_in", expiresIn);
		body.put("access_token", token.jwt());
		return body;
	}

	/** The {@code scope} of a token response: Graph permissions bare, others prefixed by their resource. */
	private static String grantedScopes(String resource, List<String> permissions, List<String> consented) {
		List<String> granted = new ArrayList<>();
		for (String permission : permissions) {
			granted.add(resource.equals(GRAPH) ? permission : resource + "/" + permission);
		}
		for (String oidc : List.of("openid", "profile", "email")) {
			if (consented.contains(oidc)) {
				granted.add(oidc);
			}
		}
		return String.join(" ", granted);
	}

	private IssuedToken userAccessToken(EntraUser user, String clientId, String resource, List<String> permissions,
			Duration lifetime) {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(lifetime);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuerOf(user))
			.audience(resource)
			.subject(pairwiseSubject(user, resource))
			.claim("oid", user.oid())
			.claim("tid", tenantOf(user))
			.claim("azp", clientId)
			.claim("azpacr", "1")
			.claim("name", user.displayName())
			.claim("preferred_username", user.username())
			.claim("upn", user.username())
			.claim("scp", String.join(" ", permissions.isEmpty() ? List.of("user_impersonation") : permissions))
			.claim("idtyp", "user")
			.claim("ver", "2.0")
			.claim("uti", Base64URL.encode(UUID.randomUUID().toString()).toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(expiresAt));
		groupClaims(user, claims);
		String jwt = this.emulator.sign(claims.build());
		return new IssuedToken(clientId, user.oid(), resource, jwt, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
	}

	private String idToken(EntraUser user, String clientId, @Nullable String nonce, String accessToken,
			List<String> scopes) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuerOf(user))
			.audience(clientId)
			.subject(pairwiseSubject(user, clientId))
			.claim("oid", user.oid())
			.claim("tid", tenantOf(user))
			.claim("ver", "2.0")
			.claim("at_hash", atHash(accessToken))
			.claim("uti", Base64URL.encode(UUID.randomUUID().toString()).toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.emulator.tokenLifetime())));
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		if (scopes.contains("profile")) {
			claims.claim("name", user.displayName()).claim("preferred_username", user.username());
		}
		if (scopes.contains("email")) {
			claims.claim("email", user.username());
		}
		groupClaims(user, claims);
		return this.emulator.sign(claims.build());
	}

	/** Groups as Entra writes them: the ids, or the overage form when there are more than the limit. */
	private void groupClaims(EntraUser user, JWTClaimsSet.Builder claims) {
		if (!user.appRoles().isEmpty()) {
			claims.claim("roles", user.appRoles());
		}
		if (user.groups().isEmpty()) {
			return;
		}
		if (user.groups().size() <= this.groupOverageLimit) {
			claims.claim("groups", user.groups());
		}
		else if (this.groupOverageForm == GroupOverageForm.HAS_GROUPS) {
			claims.claim("hasgroups", true);
		}
		else {
			claims.claim("_claim_names", Map.of("groups", "src1"));
			claims.claim("_claim_sources", Map.of("src1", Map.of("endpoint", "https://graph.windows.net/"
					+ this.emulator.tenantId() + "/users/" + user.oid() + "/getMemberObjects")));
		}
	}

	private GraphCaller graphCaller(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return GraphCaller.rejected(graphError(401, "InvalidAuthenticationToken", "Access token is empty."));
		}
		JWTClaimsSet claims;
		try {
			claims = this.emulator.verify(authorization.substring(7).trim());
		}
		catch (IllegalArgumentException ex) {
			return GraphCaller.rejected(graphError(401, "InvalidAuthenticationToken", ex.getMessage()));
		}
		if (!claims.getAudience().contains(GRAPH)) {
			return GraphCaller.rejected(graphError(401, "InvalidAuthenticationToken", "Invalid audience."));
		}
		Object scp = claims.getClaim("scp");
		EntraUser user = userWithOid(claims.getClaim("oid"));
		if (!(scp instanceof String scopes) || user == null) {
			return GraphCaller.rejected(graphError(400, "BadRequest",
					"/me request is only valid with delegated authentication flow."));
		}
		return new GraphCaller(user, Set.of(scopes.split(" ")), claims.getSubject(), null);
	}

	private static Reply graphError(int status, String code, String message) {
		return new Reply(status, jsonBody(Map.of("error", Map.of("code", code, "message", message,
				"innerError", Map.of("request-id", UUID.randomUUID().toString())))));
	}

	private @Nullable EntraUser userWithOid(@Nullable Object oid) {
		return this.users.values().stream().filter((user) -> user.oid().equals(oid)).findFirst().orElse(null);
	}

	private static boolean canSignInUsers(Principal client) {
		return client.kind() == Principal.Kind.SECRET || client.kind() == Principal.Kind.CERTIFICATE
				|| client.kind() == Principal.Kind.FEDERATED;
	}

	/** Registered redirect URIs, or any loopback URI for a client that registered none. */
	private boolean redirectUriAllowed(String clientId, String redirectUri) {
		Set<String> registered = this.redirectUris.get(clientId);
		if (registered != null && !registered.isEmpty()) {
			return registered.contains(redirectUri);
		}
		try {
			URI uri = URI.create(redirectUri);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The page a browser sees when no user is chosen: one link per registered user. */
	private Reply userPicker(Map<String, String> query) {
		StringBuilder page = new StringBuilder(
				"<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><h1>Pick an account</h1><ul>");
		String base = "/" + this.emulator.tenantId() + "/oauth2/v2.0/authorize";
		for (EntraUser user : this.users.values().stream().sorted((a, b) -> a.username().compareTo(b.username())).toList()) {
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

	static List<String> splitScopes(String scope) {
		return new ArrayList<>(new LinkedHashSet<>(Arrays.stream(scope.trim().split("\\s+")).filter((s) -> !s.isEmpty()).toList()));
	}

	/** The resource a scope belongs to: its prefix, or Graph for a bare permission name. */
	static String resourceOf(String scope) {
		int slash = scope.lastIndexOf('/');
		return (slash > 0 && scope.contains(":")) ? scope.substring(0, slash) : GRAPH;
	}

	private static String permissionOf(String scope) {
		int slash = scope.lastIndexOf('/');
		return (slash > 0 && scope.contains(":")) ? scope.substring(slash + 1) : scope;
	}

	private static String firstResource(List<String> scopes) {
		return scopes.stream().filter((scope) -> !OIDC_SCOPES.contains(scope)).map(UserFlows::resourceOf).findFirst()
			.orElse(GRAPH);
	}

	/** The permission names of {@code resource} among the scopes; Graph's include User.Read for a sign-in alone. */
	private static List<String> permissionsOf(List<String> scopes, String resource) {
		List<String> permissions = scopes.stream().filter((scope) -> !OIDC_SCOPES.contains(scope))
			.filter((scope) -> resourceOf(scope).equals(resource)).map(UserFlows::permissionOf).toList();
		return (permissions.isEmpty() && resource.equals(GRAPH)) ? List.of("User.Read") : permissions;
	}

	/** Whether a scope asked for at the token endpoint was consented to in the authorization request. */
	private static boolean consented(List<String> consentedScopes, String scope) {
		if (consentedScopes.contains(scope)) {
			return true;
		}
		String resource = resourceOf(scope);
		boolean resourceConsented = consentedScopes.stream().filter((s) -> !OIDC_SCOPES.contains(s))
			.anyMatch((s) -> resourceOf(s).equals(resource));
		return permissionOf(scope).equals(".default") ? resourceConsented
				: consentedScopes.contains(resource + "/.default")
						|| (resource.equals(GRAPH) && consentedScopes.contains(GRAPH + "/" + permissionOf(scope)));
	}

	/** Entra's {@code sub} is pairwise: the same user has a different subject per application. */
	private static String pairwiseSubject(EntraUser user, String audience) {
		return Base64URL.encode(sha256(user.oid() + ":" + audience)).toString();
	}

	private static String atHash(String accessToken) {
		byte[] digest = sha256(accessToken);
		return Base64URL.encode(Arrays.copyOf(digest, digest.length / 2)).toString();
	}

	private static String s256(String verifier) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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

	/** What a user consented to a client: the scopes of the authorization request. */
	private record Grant(String clientId, EntraUser user, List<String> scopes) {
	}

	private record GraphCaller(EntraUser user, Set<String> scopes, @Nullable String subject,
			@Nullable Reply rejection) {

		static GraphCaller rejected(Reply rejection) {
			return new GraphCaller(new EntraUser("", "", "", List.of(), List.of()), Set.of(), null, rejection);
		}

	}

}
