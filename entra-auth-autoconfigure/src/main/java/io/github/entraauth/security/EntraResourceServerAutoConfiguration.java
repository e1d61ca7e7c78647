package io.github.entraauth.security;

import io.github.entraauth.credential.EntraCredentialProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Entra groups and app roles of bearer access tokens as {@code ROLE_} authorities for resource servers. It runs
 * after Spring Boot's resource server configuration, so a converter configured with
 * {@code spring.security.oauth2.resourceserver.jwt.*} authority settings wins; the token decoder itself stays
 * Boot's ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code audiences}), to which the tenant
 * check ({@code tid} allowed, {@code iss} of that tenant) is added as one of Boot's additional validators.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class,
		before = OAuth2ResourceServerWebSecurityAutoConfiguration.class)
@ConditionalOnClass(JwtAuthenticationConverter.class)
@ConditionalOnBooleanProperty(name = "entra.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EntraSecurityProperties.class, EntraCredentialProperties.class })
@Import(EntraRoleMappingConfiguration.class)
public final class EntraResourceServerAutoConfiguration {

	EntraResourceServerAutoConfiguration(Environment environment) {
		RetiredSecurityProperties.check(environment);
	}

	/** Boot's JWT decoder applies every OAuth2TokenValidator bean, before any claim reaches the converter. */
	@Bean
	@ConditionalOnBean(JwtDecoder.class)
	OAuth2TokenValidator<Jwt> entraTenantValidator(EntraSecurityProperties properties,
			EntraCredentialProperties credential) {
		return EntraTenantValidator
			.accessTokens(EntraAuthority.of(credential.toSettings(), properties.getAllowedTenants()));
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter entraJwtAuthenticationConverter(EntraRoleMapper roleMapper) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(new EntraJwtGrantedAuthoritiesConverter(roleMapper));
		return converter;
	}

}
