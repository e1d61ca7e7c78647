package io.github.entraauth.test.entra;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

import static io.github.entraauth.test.entra.EmulatorHandler.jsonBody;

/**
 * The managed identity endpoints: App Service ({@code X-IDENTITY-HEADER}, {@code api-version=2019-08-01}) and
 * IMDS ({@code Metadata: true}), for the system-assigned identity or a user-assigned one chosen by
 * {@code client_id}.
 */
final class ManagedIdentityEndpoints {

	private final EntraEmulator emulator;

	ManagedIdentityEndpoints(EntraEmulator emulator) {
		this.emulator = emulator;
	}

	Reply appServiceToken(HttpExchange exchange, Map<String, String> query) {
		String header = exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER");
		if (header == null || !header.equals(this.emulator.managedIdentities().identityHeader())) {
			return managedIdentityError(401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
		}
		if (!"2019-08-01".equals(query.get("api-version"))) {
			return managedIdentityError(400, "The App Service managed identity endpoint needs api-version=2019-08-01.");
		}
		return managedIdentityToken(query, false);
	}

	Reply imdsToken(HttpExchange exchange, Map<String, String> query) {
		if (!"true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Metadata"))) {
			return managedIdentityError(400, "Required metadata header not specified");
		}
		if (query.get("api-version") == null) {
			return managedIdentityError(400, "Required query variable 'api-version' is missing");
		}
		return managedIdentityToken(query, true);
	}

	/** The answer has the fields of the real endpoint, all JSON strings: IMDS sends more than App Service. */
	private Reply managedIdentityToken(Map<String, String> query, boolean imds) {
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
		IssuedToken token = this.emulator.tokens().issue(identity, Scopes.stripDefaultSuffix(resource), "2");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token.jwt());
		if (imds) {
			String expiresIn = Long.toString(Math.max(0, Duration.between(Instant.now(), token.expiresAt()).toSeconds()));
			body.put("client_id", identity.clientId());
			body.put("expires_in", expiresIn);
			body.put("expires_on", Long.toString(token.expiresAt().getEpochSecond()));
			body.put("ext_expires_in", expiresIn);
			body.put("not_before", Long.toString(notBefore(token).getEpochSecond()));
			body.put("resource", token.audience());
			body.put("token_type", "Bearer");
		}
		else {
			body.put("expires_on", Long.toString(token.expiresAt().getEpochSecond()));
			body.put("resource", token.audience());
			body.put("token_type", "Bearer");
			body.put("client_id", identity.clientId());
		}
		this.emulator.tokens().countIssued(token);
		return new Reply(200, jsonBody(body));
	}

	private static Instant notBefore(IssuedToken token) {
		try {
			return SignedJWT.parse(token.jwt()).getJWTClaimsSet().getNotBeforeTime().toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The emulator issued an unparsable token", ex);
		}
	}

	private static Reply managedIdentityError(int status, String description) {
		return new Reply(status, jsonBody(Map.of("error", "invalid_request", "error_description", description)));
	}

}
