package io.github.entraauth.livy.user;

import java.util.stream.Collectors;

import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.SessionInfo;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application using per-user Livy: start a session and run SQL as the signed-in user, list and close
 * sessions. GET only, so the plain-HTTP test client needs no CSRF token.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class UserLivyTestApplication {

	@RestController
	static class UserLivyPages {

		private final UserLivyServices livy;

		UserLivyPages(UserLivyServices livy) {
			this.livy = livy;
		}

		@GetMapping("/livy/start")
		String start() {
			return this.livy.forCurrentUser().startSession().id();
		}

		@GetMapping("/livy/{id}/sql")
		String sql(@PathVariable String id) {
			LivySession session = this.livy.forCurrentUser().session(id).orElseThrow();
			return String.valueOf(session.sql("SELECT 6 * 7 AS answer").table().rows());
		}

		@GetMapping("/livy/sessions")
		String sessions() {
			return this.livy.forCurrentUser().sessions().stream().map(SessionInfo::id).sorted()
				.collect(Collectors.joining(","));
		}

		@GetMapping("/livy/{id}/close")
		String close(@PathVariable String id) {
			this.livy.forCurrentUser().closeSession(id);
			return "closed";
		}

	}

}
