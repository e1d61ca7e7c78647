package io.github.entraauth.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.entraauth.security.GraphGroups.GraphGroupsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Loads the signed-in OIDC user as Spring Security's {@link OidcUserService} does and adds {@code ROLE_}
 * authorities for the Entra groups and app roles of the ID token. When the ID token signals group overage, the
 * groups are read from Microsoft Graph with the user's access token, which therefore needs a Graph scope such as
 * {@code User.Read} or {@code GroupMember.Read.All}.
 * <p>
 * Spring Security's {@code oauth2Login()} picks this bean up by type; a custom chain can also pass it to
 * {@code oauth2Login(login -> login.userInfoEndpoint(u -> u.oidcUserService(service)))}.
 */
public final class EntraOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private static final Logger logger = LoggerFactory.getLogger(EntraOidcUserService.class);

	private final OAuth2UserService<OidcUserRequest, OidcUser> delegate;

	private final EntraRoleMapper roleMapper;

	private final GraphGroups graphGroups;

	EntraOidcUserService(OAuth2UserService<OidcUserRequest, OidcUser> delegate, EntraRoleMapper roleMapper,
			GraphGroups graphGroups) {
		this.delegate = delegate;
		this.roleMapper = roleMapper;
		this.graphGroups = graphGroups;
	}

	/**
	 * Creates a service that maps groups and roles through {@code roleMapper} and, on overage, reads the groups from
	 * Graph at {@code https://graph.microsoft.com/v1.0/me/memberOf} with the JVM's default trust.
	 * @param roleMapper the group-to-role mapping
	 */
	public EntraOidcUserService(EntraRoleMapper roleMapper) {
		this(new OidcUserService(), roleMapper,
				new GraphGroups(RestClient.create(), new EntraSecurityProperties().getGraphMemberOfEndpoint()));
	}

	@Override
	public OidcUser loadUser(OidcUserRequest userRequest) throws OAuth2AuthenticationException {
		OidcUser user = this.delegate.loadUser(userRequest);
		Set<String> ids = EntraRoleMapper.claimedIds(user.getClaims());
		if (EntraRoleMapper.hasGroupOverage(user.getClaims())) {
			ids.addAll(groupsFromGraph(userRequest));
		}
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
		authorities.addAll(this.roleMapper.authorities(ids));
		String nameAttribute = userRequest.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
			.getUserNameAttributeName();
		if (!StringUtils.hasText(nameAttribute)) {
			nameAttribute = "sub";
		}
		return (user.getUserInfo() != null)
				? new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameAttribute)
				: new DefaultOidcUser(authorities, user.getIdToken(), nameAttribute);
	}

	private List<String> groupsFromGraph(OidcUserRequest userRequest) {
		try {
			List<String> groups = this.graphGroups.groupIds(userRequest.getAccessToken().getTokenValue());
			logger.debug("Read {} groups of an overage user from Microsoft Graph", groups.size());
			return groups;
		}
		catch (GraphGroupsException ex) {
			String action = (ex.status() == 401 || ex.status() == 403)
					? " Request a Graph scope allowing /me/memberOf (User.Read or GroupMember.Read.All) first in "
							+ "entra.security.scopes and grant it in the app registration."
					: "";
			OAuth2Error error = new OAuth2Error("entra_group_overage",
					"The user is in more groups than the ID token holds and " + ex.getMessage() + "." + action, null);
			throw new OAuth2AuthenticationException(error, error.getDescription());
		}
	}

}
