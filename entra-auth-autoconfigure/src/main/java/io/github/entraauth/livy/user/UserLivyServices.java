package io.github.entraauth.livy.user;

import java.util.HashMap;
import java.util.Map;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.livy.LivyService;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Livy for signed-in users: {@link #forUser(Authentication)} gives a user's view of the application's
 * {@link LivyService} that authenticates every request with the user's own delegated token for
 * {@code entra.security.livy.scopes}, refreshed through Spring Security's {@link OAuth2AuthorizedClientManager}.
 * The first such token is redeemed from the sign-in's refresh token (Entra refresh tokens work for every resource
 * the user consented to).
 */
public final class UserLivyServices {

	private final LivyService livy;

	private final OAuth2AuthorizedClientManager authorizedClients;

	private final String livyRegistrationId;

	private final String signInRegistrationId;

	private final String scope;

	private final String sessionNamePrefix;

	private final String adminAuthority;

	private final UserLivySessionOwners owners;

	UserLivyServices(LivyService livy, OAuth2AuthorizedClientManager authorizedClients, String livyRegistrationId,
			String signInRegistrationId, EntraUserLivyProperties properties, String sessionNamePrefix,
			UserLivySessionOwners owners) {
		this.owners = owners;
		this.livy = livy;
		this.authorizedClients = authorizedClients;
		this.livyRegistrationId = livyRegistrationId;
		this.signInRegistrationId = signInRegistrationId;
		this.scope = String.join(" ", properties.getScopes());
		this.sessionNamePrefix = sessionNamePrefix;
		this.adminAuthority = "ROLE_" + properties.getAdminRole();
	}

	/**
	 * The Livy service of a signed-in user.
	 * @param user the user's authentication, from OIDC sign-in (its principal must carry the {@code tid} and
	 * {@code oid} claims)
	 * @return the user's Livy service
	 * @throws IllegalArgumentException if the principal has no {@code tid} or {@code oid} claim
	 */
	public UserLivyService forUser(Authentication user) {
		EntraUserId id = EntraUserId.from(user)
			.orElseThrow(() -> new IllegalArgumentException("The signed-in user has no 'tid' and 'oid' claims; "
					+ "per-user Livy needs an Entra sign-in (OIDC) principal"));
		boolean admin = user.getAuthorities().stream().anyMatch((a) -> this.adminAuthority.equals(a.getAuthority()));
		LivyService view = this.livy.withTokenSource(() -> accessToken(user, id));
		return new UserLivyService(view, id, admin, this.sessionNamePrefix + id.objectId() + "-", this.owners);
	}

	/**
	 * The Livy service of the user signed in on this thread.
	 * @return the user's Livy service
	 * @throws IllegalStateException if no user is signed in
	 */
	public UserLivyService forCurrentUser() {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated()) {
			throw new IllegalStateException("No user is signed in on this thread");
		}
		return forUser(user);
	}

	/** Called for every Livy request, also from the session keeper's thread: no request or security context. */
	private String accessToken(Authentication user, EntraUserId id) {
		// stored under tid/oid; the sign-in's name only finds the sign-in's refresh token
		OAuth2AuthorizedClient client = this.authorizedClients.authorize(OAuth2AuthorizeRequest
			.withClientRegistrationId(this.livyRegistrationId)
			.principal(id.key())
			.attribute(OAuth2ParameterNames.SCOPE, this.scope)
			.attribute(SignInRefreshTokenProvider.SIGN_IN_NAME, user.getName())
			.build());
		if (client == null) {
			// no refresh token from the sign-in (in memory only, or offline_access refused): sign in again
			throw new ClientAuthorizationRequiredException(this.signInRegistrationId);
		}
		return client.getAccessToken().getTokenValue();
	}

	/** Spring Security's scope attribute, and the sign-in's name for {@link SignInRefreshTokenProvider}. */
	static Map<String, Object> contextAttributes(OAuth2AuthorizeRequest request) {
		Map<String, Object> attributes = new HashMap<>(
				new AuthorizedClientServiceOAuth2AuthorizedClientManager.DefaultContextAttributesMapper().apply(request));
		Object signInName = request.getAttribute(SignInRefreshTokenProvider.SIGN_IN_NAME);
		if (signInName != null) {
			attributes.put(SignInRefreshTokenProvider.SIGN_IN_NAME, signInName);
		}
		return attributes;
	}

	static void validate(EntraUserLivyProperties properties) {
		if (properties.getScopes().isEmpty()) {
			throw new EntraConfigurationException("entra.security.livy.scopes", "is empty",
					"List the delegated Fabric scopes, such as https://api.fabric.microsoft.com/Lakehouse.Execute.All, "
							+ "or set entra.security.livy.enabled=false.");
		}
		long resources = properties.getScopes().stream().map(UserLivyServices::resourceOf).distinct().count();
		if (resources > 1) {
			throw new EntraConfigurationException("entra.security.livy.scopes", "names more than one resource",
					"An access token is for one resource: keep only scopes of the Livy API, such as "
							+ "https://api.fabric.microsoft.com/<permission>.");
		}
		if (properties.getAdminRole().isBlank() || properties.getAdminRole().startsWith("ROLE_")) {
			throw new EntraConfigurationException("entra.security.livy.admin-role",
					"'" + properties.getAdminRole() + "' is not a role name",
					"Set it to a role of entra.security.group-roles without the ROLE_ prefix, such as ADMIN.");
		}
	}

	private static String resourceOf(String scope) {
		int slash = scope.lastIndexOf('/');
		return (slash > 0 && scope.contains("://")) ? scope.substring(0, slash) : "graph";
	}

}
