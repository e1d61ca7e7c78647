package io.github.entraauth.redis.actuate;

import io.github.entraauth.redis.RedisReauthentications;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Redis re-authentications of live connections, as Lettuce reported them, and how the starter
 * recovered from failed ones: by sending the newest token again, by reconnecting, or not at all
 * for want of a valid token.
 */
class RedisReauthenticationMeters implements MeterBinder {

	private final RedisReauthentications reauthentications;

	private final String scope;

	RedisReauthenticationMeters(RedisReauthentications reauthentications, String scope) {
		this.reauthentications = reauthentications;
		this.scope = scope;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		RedisReauthentications reauthentications = this.reauthentications;
		Tags tags = Tags.of("integration", "redis", "scope", this.scope);
		FunctionCounter.builder("entra.redis.reauthentications", reauthentications, RedisReauthentications::succeeded)
			.tags(tags.and("result", "success"))
			.description("Live Redis connections that accepted a new token")
			.register(registry);
		FunctionCounter.builder("entra.redis.reauthentications", reauthentications, RedisReauthentications::failed)
			.tags(tags.and("result", "failure"))
			.description("Live Redis connections that rejected a new token")
			.register(registry);
		FunctionCounter.builder("entra.redis.reconnects", reauthentications, RedisReauthentications::reconnects)
			.tags(tags)
			.description("Connections closed by the starter to recover from failed re-authentication")
			.register(registry);
		FunctionCounter.builder("entra.redis.reauthentication.resends", reauthentications,
				RedisReauthentications::resends)
			.tags(tags)
			.description("Recoveries that sent the newest token again because the credential returned no new one")
			.register(registry);
		FunctionCounter.builder("entra.redis.reauthentication.recovery.failures", reauthentications,
				RedisReauthentications::recoveryFailures)
			.tags(tags)
			.description("Recoveries from a failed re-authentication that found no valid token to send")
			.register(registry);
	}

}
