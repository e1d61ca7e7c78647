package io.github.entraauth.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what (see docs/sample.md): the web UI signs users in with Entra ID; anything that starts Spark work
 * needs EDITOR or ADMIN; Actuator is for ADMIN except the health status; placing and reading orders stays open to
 * programs (put it behind a resource server or a network policy in production). CSRF protects every request a
 * signed-in browser can make, the order API aside, which uses no one's identity.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	@Bean
	SecurityFilterChain webUi(HttpSecurity http, ClientRegistrationRepository registrations,
			RecentResults recentResults) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler signOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		signOut.setPostLogoutRedirectUri("{baseUrl}/signed-out");
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		RequestMatcher orders = path.matcher("/orders/**");
		// programs get a 401 rather than a redirect to the sign-in page
		RequestMatcher api = new OrRequestMatcher(orders, path.matcher("/reports/**"), path.matcher("/actuator/**"));
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(path.matcher(HttpMethod.GET, "/actuator/health"),
					path.matcher(HttpMethod.GET, "/actuator/health/**"))
			.permitAll()
			.requestMatchers(path.matcher("/actuator/**"))
			.hasRole("ADMIN")
			.requestMatchers(path.matcher("/run"), path.matcher("/reports/**"))
			.hasAnyRole("EDITOR", "ADMIN")
			.requestMatchers(orders, path.matcher("/signed-out"), path.matcher("/error"))
			.permitAll()
			// the stylesheets, for the signed-out and error pages too
			.requestMatchers(path.matcher(HttpMethod.GET, "/webjars/**"), path.matcher(HttpMethod.GET, "/css/**"))
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login(Customizer.withDefaults())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), api))
			.logout((logout) -> logout
				.addLogoutHandler((request, response, user) -> {
					if (user != null) {
						recentResults.clear(ResultOwner.of(user));
					}
				})
				.logoutSuccessHandler(signOut))
			.csrf((csrf) -> csrf.ignoringRequestMatchers(orders));
		return http.build();
	}

}
