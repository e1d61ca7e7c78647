package io.github.entraauth.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web UI signs users in with Entra ID; the order API, the Spark report and Actuator stay open as before
 * (put them behind a resource server or a network policy in production).
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	@Bean
	SecurityFilterChain webUi(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler signOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		signOut.setPostLogoutRedirectUri("{baseUrl}/signed-out");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/orders/**", "/reports/**", "/actuator/**", "/signed-out", "/error")
			.permitAll()
			.requestMatchers("/run")
			.hasAnyRole("EDITOR", "ADMIN")
			.anyRequest()
			.authenticated())
			.oauth2Login(Customizer.withDefaults())
			.logout((logout) -> logout.logoutSuccessHandler(signOut))
			// the JSON API is called by programs, not browsers
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/orders/**", "/reports/**", "/actuator/**"));
		return http.build();
	}

}
