package io.github.entraauth.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.entraauth.config.EntraConfigurationException;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Maps Entra group object ids and app role values, as found in the {@code groups} and {@code roles} claims or read
 * from Graph, to {@code ROLE_<name>} authorities through {@code entra.security.group-roles}. Ids that the map does
 * not name are ignored.
 */
public final class EntraRoleMapper {

	private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

	private final Map<String, String> roles;

	/**
	 * Creates a mapper, validating the map.
	 * @param groupRoles group object id or app role value to role name, such as {@code ADMIN}
	 * @throws EntraConfigurationException when a role name is blank, has spaces or already starts with
	 * {@code ROLE_}
	 */
	public EntraRoleMapper(Map<String, String> groupRoles) {
		this.roles = new HashMap<>();
		groupRoles.forEach((id, role) -> {
			String property = "entra.security.group-roles[" + id + "]";
			if (role == null || role.isBlank()) {
				throw new EntraConfigurationException(property, "the role name is blank",
						"Give the group a role name such as ADMIN, or remove the entry.");
			}
			if (!ROLE_NAME.matcher(role).matches()) {
				throw new EntraConfigurationException(property, "the role name '" + role
						+ "' has characters other than letters, digits, '_', '.' and '-'", "Use a name such as ADMIN.");
			}
			if (role.startsWith("ROLE_")) {
				throw new EntraConfigurationException(property, "the role name '" + role + "' starts with ROLE_",
						"Write it without the prefix (" + role.substring(5) + "); ROLE_ is added.");
			}
			this.roles.put(id.toLowerCase(Locale.ROOT), role);
		});
	}

	/**
	 * The authorities for group object ids or app role values; unknown ones are ignored.
	 * @param ids ids as they appear in the {@code groups}/{@code roles} claims or in Graph
	 * @return {@code ROLE_<name>} authorities, possibly empty
	 */
	public Set<GrantedAuthority> authorities(Collection<String> ids) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (String id : ids) {
			String role = this.roles.get(id.toLowerCase(Locale.ROOT));
			if (role != null) {
				authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
			}
		}
		return authorities;
	}

	/**
	 * The ids in a token's {@code groups} and {@code roles} claims.
	 * @param claims the token claims
	 * @return the values of both claims, possibly empty
	 */
	public static Set<String> claimedIds(Map<String, Object> claims) {
		Set<String> ids = new LinkedHashSet<>();
		for (String claim : List.of("groups", "roles")) {
			if (claims.get(claim) instanceof Collection<?> values) {
				values.forEach((value) -> ids.add(String.valueOf(value)));
			}
		}
		return ids;
	}

	/**
	 * Whether a token says the user has more groups than it carries: {@code _claim_names} naming {@code groups},
	 * or {@code hasgroups: true}.
	 * @param claims the token claims
	 * @return whether the groups must be read from Graph
	 */
	public static boolean hasGroupOverage(Map<String, Object> claims) {
		if (claims.get("_claim_names") instanceof Map<?, ?> names && names.containsKey("groups")) {
			return true;
		}
		Object hasGroups = claims.get("hasgroups");
		return Boolean.TRUE.equals(hasGroups) || "true".equals(hasGroups);
	}

}
