package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the emulator's endpoints on both ports: token, JWKS, OpenID discovery and the App Service and IMDS
 * managed identity endpoints. Token requests pass through the injected {@link Faults} first.
 */
final class EmulatorHandler implements HttpHandler {

	private static final Logger logger = LoggerFactory.getLogger(EmulatorHandler.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	/** Token request kinds of the delegated grants, by grant type. */
	private static final Map<String, String> USER_GRANTS = Map.of("authorization_code", "authorization_code",
			"refresh_token", "refresh_token", UserFlows.JWT_BEARER_GRANT, "on_behalf_of");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	/** Accepted clock skew on client assertions, as Entra allows. */
	private static final long SKEW_SECONDS = 300;

	private final EntraEmulator emulator;

	EmulatorHandler(EntraEmulator emulator) {
		this.emulator = emulator;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try {
			route(exchange);
		}
		catch (RuntimeException ex) {
			logger.warn("Entra emulator failed to answer {} {}", exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), ex);
		}
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		Map<String, String> query = parseForm(exchange.getRequestURI().getRawQuery());
		if (path.equals("/msi/token")) {
			tokenRequest(exchange, "msi_app_service", query.get("client_id"), () -> appServiceToken(exchange, query));
			return;
		}
		if (path.equals("/metadata/identity/oauth2/token")) {
			tokenRequest(exchange, "imds", query.get("client_id"), () -> imdsToken(exchange, query));
			return;
		}
		if (method.equals("GET") && path.equals("/v1.0/me")) {
			respond(exchange, "graph_me", null, () -> this.emulator.graph().graphMe(authorization(exchange)));
			return;
		}
		if (method.equals("GET") && path.equals("/v1.0/me/memberOf")) {
			String requestUrl = baseUrl(exchange) + path;
			respond(exchange, "graph_member_of", null,
					() -> this.emulator.graph().graphMemberOf(authorization(exchange), query, requestUrl));
			return;
		}
		if (path.equals("/oidc/userinfo")) {
			respond(exchange, "userinfo", null, () -> this.emulator.graph().userInfo(authorization(exchange)));
			return;
		}
		List<String> segments = Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).toList();
		if (segments.size() == 4) {
			String tenant = segments.get(0);
			String endpoint = String.join("/", segments.subList(1, 4));
			switch (endpoint) {
				case "oauth2/v2.0/token" -> {
					// other methods get the 404 below
					if (method.equals("POST")) {
						tokenEndpoint(exchange, tenant);
						return;
					}
				}
				case "oauth2/v2.0/authorize" -> {
					if (method.equals("GET")) {
						respond(exchange, "authorize", query.get("client_id"),
								() -> withTenant(tenant, () -> this.emulator.userFlows().authorize(query)));
						return;
					}
				}
				case "oauth2/v2.0/logout" -> {
					respond(exchange, "logout", null, () -> withTenant(tenant, () -> this.emulator.userFlows().logout(query)));
					return;
				}
				case "discovery/v2.0/keys" -> {
					respond(exchange, "jwks", null, () -> withTenant(tenant, this::jwks));
					return;
				}
				case "v2.0/.well-known/openid-configuration" -> {
					respond(exchange, "openid_configuration", null, () -> withTenant(tenant, this::openidConfiguration));
					return;
				}
				default -> {
				}
			}
		}
		respond(exchange, "unknown", null, () -> new Reply(404, jsonBody(Map.of("error", "not_found",
				"error_description", "The Entra emulator does not serve " + method + " " + path))));
	}

	private void tokenEndpoint(HttpExchange exchange, String tenant) throws IOException {
		Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		ClientCredentials basic = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
		String clientId = (basic != null) ? basic.clientId() : form.get("client_id");
		Principal principal = (clientId != null) ? this.emulator.principal(clientId) : null;
		String grantType = form.getOrDefault("grant_type", "");
		String kind;
		if (USER_GRANTS.containsKey(grantType)) {
			kind = USER_GRANTS.get(grantType);
		}
		else if (basic != null || form.containsKey("client_secret")) {
			kind = "client_secret";
		}
		else if (form.containsKey("client_assertion")) {
			kind = (principal != null && principal.kind() == Principal.Kind.FEDERATED) ? "federated" : "client_assertion";
		}
		else {
			kind = "token";
		}
		tokenRequest(exchange, kind, clientId,
				() -> withTenant(tenant, () -> token(grantType, form, basic, clientId, principal)));
	}

	private Reply token(String grantType, Map<String, String> form, @Nullable ClientCredentials basic,
			@Nullable String clientId, @Nullable Principal principal) {
		if (!grantType.equals("client_credentials") && !USER_GRANTS.containsKey(grantType)) {
			return entraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
					+ grantType + "'. The emulator supports client_credentials, authorization_code, refresh_token and "
					+ UserFlows.JWT_BEARER_GRANT + " (on-behalf-of).");
		}
		if (clientId == null) {
			return entraError(400, "invalid_request", 900144,
					"The request body must contain the following parameter: 'client_id'.");
		}
		if (principal == null || principal.kind() == Principal.Kind.MANAGED_IDENTITY
				|| principal.kind() == Principal.Kind.MINTED) {
			return entraError(400, "invalid_client", 700016, "Application with identifier '" + clientId
					+ "' was not found in the directory '" + this.emulator.tenantId() + "'.");
		}
		if (USER_GRANTS.containsKey(grantType)) {
			Reply rejection = authenticate(principal, basic, form);
			if (rejection != null) {
				return rejection;
			}
			UserFlows users = this.emulator.userFlows();
			return switch (grantType) {
				case "authorization_code" -> users.redeemCode(principal, form);
				case "refresh_token" -> users.refresh(principal, form);
				default -> users.onBehalfOf(principal, form);
			};
		}
		String audience = defaultScopeAudience(form.getOrDefault("scope", ""));
		if (audience == null) {
			return entraError(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. "
					+ "A client credentials request needs exactly one scope ending in '/.default'.");
		}
		Reply rejection = authenticate(principal, basic, form);
		if (rejection != null) {
			return rejection;
		}
		return tokenResponse(this.emulator.issue(principal, audience, form.containsKey("client_assertion") ? "2" : "1"));
	}

	/** Checks the client's secret or assertion; the answer for a bad one, or null when the client is authenticated. */
	private @Nullable Reply authenticate(Principal principal, @Nullable ClientCredentials basic, Map<String, String> form) {
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

	private Reply appServiceToken(HttpExchange exchange, Map<String, String> query) {
		String header = exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER");
		if (header == null || !header.equals(this.emulator.identityHeader())) {
			return managedIdentityError(401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
		}
		if (!"2019-08-01".equals(query.get("api-version"))) {
			return managedIdentityError(400, "The App Service managed identity endpoint needs api-version=2019-08-01.");
		}
		return managedIdentityToken(query);
	}

	private Reply imdsToken(HttpExchange exchange, Map<String, String> query) {
		if (!"true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Metadata"))) {
			return managedIdentityError(400, "Required metadata header not specified");
		}
		if (query.get("api-version") == null) {
			return managedIdentityError(400, "Required query variable 'api-version' is missing");
		}
		return managedIdentityToken(query);
	}

	private Reply managedIdentityToken(Map<String, String> query) {
		String resource = query.get("resource");
		if (resource == null || resource.isBlank()) {
			return managedIdentityError(400, "Required query variable 'resource' is missing");
		}
		for (String unsupported : List.of("mi_res_id", "msi_res_id", "object_id", "principal_id")) {
			if (query.containsKey(unsupported)) {
				return managedIdentityError(400, "The emulator selects user-assigned identities by client_id only, not "
						+ unsupported + ".");
			}
		}
		String clientId = query.get("client_id");
		Principal identity = (clientId != null) ? this.emulator.principal(clientId)
				: this.emulator.systemAssignedIdentity();
		if (identity == null || identity.kind() != Principal.Kind.MANAGED_IDENTITY) {
			return managedIdentityError(400, "Identity not found: no managed identity with client id '" + clientId
					+ "' is assigned to this resource.");
		}
		IssuedToken token = this.emulator.issue(identity, EntraEmulator.stripDefaultSuffix(resource), "2");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token.jwt());
		body.put("expires_on", Long.toString(token.expiresAt().getEpochSecond()));
		body.put("resource", token.audience());
		body.put("token_type", "Bearer");
		body.put("client_id", identity.clientId());
		this.emulator.countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	private Reply tokenResponse(IssuedToken token) {
		long expiresIn = Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("expires_in", expiresIn);
		body.put("ext_expires_in", expiresIn);
		body.put("access_token", token.jwt());
		this.emulator.countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	private Reply jwks() {
		return new Reply(200, this.emulator.publicJwks().toString());
	}

	private Reply openidConfiguration() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", this.emulator.issuer());
		body.put("token_endpoint", this.emulator.tokenEndpoint());
		body.put("jwks_uri", this.emulator.httpsJwksUrl());
		body.put("authorization_endpoint", this.emulator.authorizationEndpoint());
		body.put("end_session_endpoint", this.emulator.endSessionEndpoint());
		body.put("userinfo_endpoint", this.emulator.httpsBaseUrl() + "/oidc/userinfo");
		body.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_post", "client_secret_basic", "private_key_jwt"));
		body.put("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token",
				UserFlows.JWT_BEARER_GRANT));
		body.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
		body.put("response_modes_supported", List.of("query", "fragment", "form_post"));
		body.put("code_challenge_methods_supported", List.of("plain", "S256"));
		body.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "oid", "tid", "name",
				"preferred_username", "email", "groups", "roles", "ver", "at_hash"));
		body.put("subject_types_supported", List.of("pairwise"));
		body.put("id_token_signing_alg_values_supported", List.of("RS256"));
		body.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
		return new Reply(200, jsonBody(body));
	}

	/** Applies faults and latency, then answers with what {@code work} produces. */
	private void tokenRequest(HttpExchange exchange, String kind, @Nullable String clientId, Supplier<Reply> work)
			throws IOException {
		Faults faults = this.emulator.faults();
		sleep(faults.latency());
		if (faults.dropConnections()) {
			record(exchange, kind, clientId, 0);
			logger.debug("Dropping the connection of a {} token request", kind);
			// closing before any response header is sent makes the JDK server close the socket
			exchange.close();
			return;
		}
		if (faults.outage()) {
			respond(exchange, kind, clientId, () -> entraError(503, "temporarily_unavailable", 90033,
					"A transient error has occurred. Please try again. (emulated outage)"));
			return;
		}
		int injectedStatus = faults.takeFailure();
		if (injectedStatus != 0) {
			respond(exchange, kind, clientId, () -> entraError(injectedStatus,
					(injectedStatus >= 500 || injectedStatus == 429) ? "temporarily_unavailable" : "invalid_request", 90033,
					"A transient error has occurred. Please try again. (injected failure)"));
			return;
		}
		respond(exchange, kind, clientId, work);
	}

	/** Records the request before answering so a caller that has its response always finds it recorded. */
	private void respond(HttpExchange exchange, String kind, @Nullable String clientId, Supplier<Reply> work)
			throws IOException {
		Reply reply;
		try {
			reply = work.get();
		}
		catch (RuntimeException ex) {
			// typically a failing TokenIssuedListener; the caller sees a server error it may retry
			logger.warn("Entra emulator failed to answer {} {}", exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), ex);
			reply = entraError(500, "server_error", 90033, "The emulator failed to process the request.");
		}
		record(exchange, kind, clientId, reply.status());
		send(exchange, reply);
	}

	private void record(HttpExchange exchange, String kind, @Nullable String clientId, int status) {
		this.emulator.record(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), kind,
				clientId, status));
	}

	private static @Nullable String authorization(HttpExchange exchange) {
		return exchange.getRequestHeaders().getFirst("Authorization");
	}

	private String baseUrl(HttpExchange exchange) {
		return (exchange instanceof HttpsExchange) ? this.emulator.httpsBaseUrl() : this.emulator.httpBaseUrl();
	}

	private Reply withTenant(String tenant, Supplier<Reply> work) {
		if (!tenant.equalsIgnoreCase(this.emulator.tenantId())) {
			return entraError(400, "invalid_request", 90002, "Tenant '" + tenant
					+ "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
		}
		return work.get();
	}

	private static void send(HttpExchange exchange, Reply reply) throws IOException {
		byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", reply.contentType());
		exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
		if (reply.location() != null) {
			exchange.getResponseHeaders().set("Location", reply.location());
		}
		exchange.sendResponseHeaders(reply.status(), (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static Reply entraError(int status, String error, int code, String description) {
		Instant now = Instant.now();
		String traceId = UUID.randomUUID().toString();
		String correlationId = UUID.randomUUID().toString();
		String timestamp = TIMESTAMP.format(now);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + traceId
				+ " Correlation ID: " + correlationId + " Timestamp: " + timestamp);
		body.put("error_codes", List.of(code));
		body.put("timestamp", timestamp);
		body.put("trace_id", traceId);
		body.put("correlation_id", correlationId);
		return new Reply(status, jsonBody(body));
	}

	private static Reply badAssertion(String description) {
		return entraError(401, "invalid_client", 700027, description);
	}

	private static Reply managedIdentityError(int status, String description) {
		return new Reply(status, jsonBody(Map.of("error", "invalid_request", "error_description", description)));
	}

	/** The audience of the one scope ending in {@code /.default}, or null; MSAL adds openid, profile and offline_access. */
	private static @Nullable String defaultScopeAudience(String scope) {
		List<String> defaults = Arrays.stream(scope.split(" ")).filter((entry) -> entry.endsWith("/.default")).toList();
		return (defaults.size() == 1) ? EntraEmulator.stripDefaultSuffix(defaults.get(0)) : null;
	}

	static Map<String, String> parseForm(@Nullable String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			values.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	/** client_secret_basic, as Kafka's built-in OAuth login handler sends it: URL-encoded id and secret. */
	private static @Nullable ClientCredentials basicCredentials(@Nullable String authorization) {
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

	static String jsonBody(Map<String, ?> body) {
		return json.writeValueAsString(body);
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record ClientCredentials(String clientId, String secret) {

		@Override
		public String toString() {
			return "ClientCredentials[clientId=" + this.clientId + "]";
		}

	}

}
