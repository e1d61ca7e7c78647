package io.github.entraauth.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Authorities of an Entra access token presented to a resource server: Spring Security's {@code SCOPE_}
 * authorities from {@code scp}, plus {@code ROLE_} authorities for the {@code roles} and {@code groups} claims
 * mapped through {@code entra.security.group-roles}. A token in group overage gets no group roles (a resource
 * server has no user token for Graph); emit groups as role claims or use app roles for such users.
 */
public final class EntraJwtGrantedAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

	private static final Logger logger = LoggerFactory.getLogger(EntraJwtGrantedAuthoritiesConverter.class);

	private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

	private final EntraRoleMapper roleMapper;

	/**
	 * Creates a converter.
	 * @param roleMapper the group-to-role mapping
	 */
	public EntraJwtGrantedAuthoritiesConverter(EntraRoleMapper roleMapper) {
		this.roleMapper = roleMapper;
	}

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(this.scopes.convert(jwt));
		authorities.addAll(this.roleMapper.authorities(EntraRoleMapper.claimedIds(jwt.getClaims())));
		if (EntraRoleMapper.hasGroupOverage(jwt.getClaims())) {
			logger.debug("Access token of {} signals group overage; only its roles claim is mapped", jwt.getSubject());
		}
		return authorities;
	}

}
