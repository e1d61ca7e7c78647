package io.github.entraauth.test.entra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Entra's scope rules: {@code openid profile email offline_access} are OIDC scopes; {@code <resource>/<name>}
 * names a permission of a resource such as {@code https://api.fabric.microsoft.com}; a bare name such as
 * {@code User.Read} is a Microsoft Graph permission. An access token is for one resource.
 */
final class Scopes {

	static final String GRAPH = "https://graph.microsoft.com";

	static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

	static List<String> splitScopes(String scope) {
		return new ArrayList<>(new LinkedHashSet<>(Arrays.stream(scope.trim().split("\\s+")).filter((s) -> !s.isEmpty()).toList()));
	}

	/** The resource a scope belongs to: its prefix, or Graph for a bare permission name. */
	static String resourceOf(String scope) {
		int slash = scope.lastIndexOf('/');
		return (slash > 0 && scope.contains(":")) ? scope.substring(0, slash) : GRAPH;
	}

	static String permissionOf(String scope) {
		int slash = scope.lastIndexOf('/');
		return (slash > 0 && scope.contains(":")) ? scope.substring(slash + 1) : scope;
	}

	static String firstResource(List<String> scopes) {
		return scopes.stream().filter((scope) -> !OIDC_SCOPES.contains(scope)).map(Scopes::resourceOf).findFirst()
			.orElse(GRAPH);
	}

	/** The permission names of {@code resource} among the scopes; Graph's include User.Read for a sign-in alone. */
	static List<String> permissionsOf(List<String> scopes, String resource) {
		List<String> permissions = scopes.stream().filter((scope) -> !OIDC_SCOPES.contains(scope))
			.filter((scope) -> resourceOf(scope).equals(resource)).map(Scopes::permissionOf).toList();
		return (permissions.isEmpty() && resource.equals(GRAPH)) ? List.of("User.Read") : permissions;
	}

	/** Whether a scope asked for at the token endpoint was consented to in the authorization request. */
	static boolean consented(List<String> consentedScopes, String scope) {
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

	/** The {@code scope} of a token response: Graph permissions bare, others prefixed by their resource. */
	static String grantedScopes(String resource, List<String> permissions, List<String> consented) {
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

	private Scopes() {
	}

	static String stripDefaultSuffix(String scope) {
		return scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
	}

}
