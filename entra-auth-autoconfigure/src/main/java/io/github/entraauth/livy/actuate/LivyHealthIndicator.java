package io.github.entraauth.livy.actuate;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.token.Redaction;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Livy is UP when its session list answers; details count the server's sessions and the ones this
 * application holds open.
 */
class LivyHealthIndicator implements HealthIndicator {

	private final LivyService livy;

	LivyHealthIndicator(LivyService livy) {
		this.livy = livy;
	}

	@Override
	public Health health() {
		try {
			int listed = this.livy.listSessions().size();
			return Health.up()
				.withDetail("dialect", this.livy.dialect())
				.withDetail("sessionsListed", listed)
				.withDetail("sessionsOpenByThisApplication", this.livy.openSessions().size())
				.build();
		}
		catch (RuntimeException ex) {
			return Health.down()
				.withDetail("dialect", this.livy.dialect())
				.withDetail("error", ex.getClass().getSimpleName() + ": " + Redaction.redact(ex.getMessage()))
				.build();
		}
	}

}
