package io.github.entraauth.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Entra groups and app roles of bearer access tokens as {@code ROLE_} authorities for resource servers. It runs
 * after Spring Boot's resource server configuration, so a converter configured with
 * {@code spring.security.oauth2.resourceserver.jwt.*} authority settings wins; the token decoder itself stays
 * Boot's ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code audiences}).
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class,
		before = OAuth2ResourceServerWebSecurityAutoConfiguration.class)
@ConditionalOnClass(JwtAuthenticationConverter.class)
@ConditionalOnBooleanProperty(name = "entra.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EntraSecurityProperties.class)
public final class EntraResourceServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EntraRoleMapper entraRoleMapper(EntraSecurityProperties properties) {
		return new EntraRoleMapper(properties.getGroupRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter entraJwtAuthenticationConverter(EntraRoleMapper roleMapper) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(new EntraJwtGrantedAuthoritiesConverter(roleMapper));
		return converter;
	}

}
