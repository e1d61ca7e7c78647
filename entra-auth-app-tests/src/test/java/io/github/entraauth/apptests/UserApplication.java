package io.github.entraauth.apptests;

import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.user.UserLivyService;
import io.github.entraauth.livy.user.UserLivyServices;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as users write one: Boot's auto-configuration with the starter, configured only through
 * properties. With web sign-in configured it signs users in with Entra ID and keeps its HTTP sessions in Redis with
 * Spring Session; with Livy configured too, it runs each user's SQL on the user's own Livy session.
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

		/** What a page would embed for its forms: the header name and the token to send with a POST. */
		@GetMapping("/csrf")
		String csrf(CsrfToken token) {
			return token.getHeaderName() + "=" + token.getToken();
		}

	}

	@RestController
	static class Queries {

		private final ObjectProvider<UserLivyServices> livy;

		Queries(ObjectProvider<UserLivyServices> livy) {
			this.livy = livy;
		}

		/** Runs SQL on one of the user's idle sessions, or a new one; answers the session id and the row count. */
		@GetMapping("/query")
		String query(Authentication user, @RequestParam String sql) {
			UserLivyService mine = this.livy.getObject().forUser(user);
			LivySession session = mine.sessions()
				.stream()
				.filter((info) -> mine.owns(info) && "idle".equals(info.state()))
				.findFirst()
				.flatMap((info) -> mine.session(info.id()))
				.orElseGet(mine::startSession);
			return session.id() + " " + session.sql(sql).table().rows().size();
		}

	}

}
