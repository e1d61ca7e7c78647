package io.github.entraauth.security;

import java.util.stream.Collectors;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny web application for the end-to-end tests: Boot's default security chain, one page that shows who is
 * signed in and with which authorities.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SignInTestApplication {

	@RestController
	static class WhoAmI {

		@GetMapping("/me")
		String me(Authentication authentication) {
			return authentication.getName() + " " + authentication.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter((name) -> name.startsWith("ROLE_") || name.startsWith("SCOPE_"))
				.sorted()
				.collect(Collectors.joining(",", "[", "]"));
		}

	}

}
