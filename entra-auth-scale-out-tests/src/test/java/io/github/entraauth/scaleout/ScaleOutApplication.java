package io.github.entraauth.scaleout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One instance of a web application that signs users in with Entra ID and keeps its HTTP sessions in Redis with
 * Spring Session, configured only through properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ScaleOutApplication {

	@RestController
	static class WhoAmI {

		@GetMapping("/me")
		String me(Authentication authentication) {
			return authentication.getName();
		}

	}

}
