package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes the emulator's endpoints on both ports and serves the token endpoint's client credentials grant, JWKS
 * and OpenID discovery; client authentication, managed identity, delegated flows and Graph are their own classes.
 * Token requests pass through the injected {@link Faults} first.
 */
final class EmulatorHandler implements HttpHandler {

	private static final Set<String> MULTI_TENANT = Set.of("common", "organizations");

	private static final Logger logger = LoggerFactory.getLogger(EmulatorHandler.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Token request kinds of the delegated grants, by grant type. */
	private static final Map<String, String> USER_GRANTS = Map.of("authorization_code", "authorization_code",
			"refresh_token", "refresh_token", UserFlows.JWT_BEARER_GRANT, "on_behalf_of");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private final EntraEmulator emulator;

	private final ClientAuthentication clients;

	private final ManagedIdentityEndpoints managedIdentity;

	EmulatorHandler(EntraEmulator emulator) {
		this.emulator = emulator;
		this.clients = new ClientAuthentication(emulator);
		this.managedIdentity = new ManagedIdentityEndpoints(emulator);
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
			tokenRequest(exchange, "msi_app_service", query.get("client_id"), () -> this.managedIdentity.appServiceToken(exchange, query));
			return;
		}
		if (path.equals("/metadata/identity/oauth2/token")) {
			tokenRequest(exchange, "imds", query.get("client_id"), () -> this.managedIdentity.imdsToken(exchange, query));
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
		ClientAuthentication.ClientCredentials basic = ClientAuthentication.basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
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

	private Reply token(String grantType, Map<String, String> form, ClientAuthentication.@Nullable ClientCredentials basic,
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
			Reply rejection = this.clients.authenticate(principal, basic, form);
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
			return entraError(400, "invalid_scope", 1002012, "The provided value for scope " + form.getOrDefault("scope", "")
					+ " is not valid. Client credential flows must have a scope value with /.default suffixed to the"
					+ " resource identifier (application ID URI).");
		}
		Reply rejection = this.clients.authenticate(principal, basic, form);
		if (rejection != null) {
			return rejection;
		}
		return tokenResponse(this.emulator.tokens().issue(principal, audience, form.containsKey("client_assertion") ? "2" : "1"));
	}

	private Reply tokenResponse(IssuedToken token) {
		long expiresIn = Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("expires_in", expiresIn);
		body.put("ext_expires_in", expiresIn);
		body.put("access_token", token.jwt());
		this.emulator.tokens().countIssued(token);
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
		// multi-tenant authorities serve every directory, as Entra's do
		if (!tenant.equalsIgnoreCase(this.emulator.tenantId())
				&& !MULTI_TENANT.contains(tenant.toLowerCase(Locale.ROOT))) {
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
		// Entra echoes the caller's correlation id; MSAL logs every response that does not
		String correlationId = exchange.getRequestHeaders().getFirst("client-request-id");
		if (correlationId != null) {
			exchange.getResponseHeaders().set("client-request-id", correlationId);
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

	/** The audience of the one scope ending in {@code /.default}, or null; MSAL adds openid, profile and offline_access. */
	private static @Nullable String defaultScopeAudience(String scope) {
		List<String> defaults = Arrays.stream(scope.split(" ")).filter((entry) -> entry.endsWith("/.default")).toList();
		return (defaults.size() == 1) ? Scopes.stripDefaultSuffix(defaults.get(0)) : null;
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

}
