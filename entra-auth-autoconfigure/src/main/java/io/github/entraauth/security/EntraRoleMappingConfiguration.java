package io.github.entraauth.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one role mapper, imported by both the sign-in and the resource-server auto-configurations.
 */
@Configuration(proxyBeanMethods = false)
class EntraRoleMappingConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EntraRoleMapper entraRoleMapper(EntraSecurityProperties properties) {
		return new EntraRoleMapper(properties.getGroupRoles());
	}

}
