package io.github.entraauth.apptests;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as users write one: Boot's auto-configuration with the starter, configured only through
 * properties. With web sign-in configured it signs users in with Entra ID and keeps its HTTP sessions in Redis with
 * Spring Session.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class UserApplication {

	@RestController
	static class WhoAmI {

		@GetMapping("/me")
		String me(Authentication authentication) {
			return authentication.getName();
		}

	}

}
