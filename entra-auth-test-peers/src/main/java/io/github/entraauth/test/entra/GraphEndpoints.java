package io.github.entraauth.test.entra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

import static io.github.entraauth.test.entra.EmulatorHandler.jsonBody;

/**
 * A Microsoft Graph stand-in for bearers of a delegated Graph token: {@code /v1.0/me}, {@code /v1.0/me/memberOf}
 * (paged with {@code @odata.nextLink}) and {@code /oidc/userinfo}.
 */
final class GraphEndpoints {

	/** Graph permissions that allow listing the signed-in user's group memberships. */
	private static final Set<String> MEMBER_OF_SCOPES = Set.of("User.Read", "GroupMember.Read.All",
			"Directory.Read.All", "Directory.ReadWrite.All");

	/** Permissions with which Graph returns more than the id of a group (limited information otherwise). */
	private static final Set<String> GROUP_DETAIL_SCOPES = Set.of("GroupMember.Read.All", "Directory.Read.All",
			"Directory.ReadWrite.All");

	private final EntraEmulator emulator;

	private final EntraUsers users;

	GraphEndpoints(EntraEmulator emulator, EntraUsers users) {
		this.emulator = emulator;
		this.users = users;
	}


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
		body.put("@odata.context", Scopes.GRAPH + "/v1.0/$metadata#users/$entity");
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
		int pageSize = this.users.pageSize();
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
		body.put("@odata.context", Scopes.GRAPH + "/v1.0/$metadata#directoryObjects");
		if (offset + pageSize < groups.size()) {
			body.put("@odata.nextLink", UserFlows.withQuery(requestUrl, Map.of("$top", Integer.toString(pageSize), "$skiptoken",
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
		if (!claims.getAudience().contains(Scopes.GRAPH)) {
			return GraphCaller.rejected(graphError(401, "InvalidAuthenticationToken", "Invalid audience."));
		}
		Object scp = claims.getClaim("scp");
		EntraUser user = this.users.userWithOid(claims.getClaim("oid"));
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

	private record GraphCaller(EntraUser user, Set<String> scopes, @Nullable String subject,
			@Nullable Reply rejection) {

		static GraphCaller rejected(Reply rejection) {
			return new GraphCaller(new EntraUser("", "", "", List.of(), List.of()), Set.of(), null, rejection);
		}

	}

}
