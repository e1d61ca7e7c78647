package io.github.entraauth.actuate;

import io.github.entraauth.redis.EntraRedisProperties;
import io.github.entraauth.redis.RedisReauthentications;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Redis re-authentications of live connections, as Lettuce reported them, and the reconnects the
 * starter forced to recover from failed ones.
 */
class RedisReauthenticationMeters implements MeterBinder {

	private final ObjectProvider<RedisReauthentications> reauthentications;

	private final ObjectProvider<EntraRedisProperties> properties;

	/** Providers, because the Redis integration may be off or absent. */
	RedisReauthenticationMeters(ObjectProvider<RedisReauthentications> reauthentications,
			ObjectProvider<EntraRedisProperties> properties) {
		this.reauthentications = reauthentications;
		this.properties = properties;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		RedisReauthentications counts = this.reauthentications.getIfAvailable();
		EntraRedisProperties redis = this.properties.getIfAvailable();
		if (counts != null && redis != null) {
			bind(registry, counts, redis.getScope());
		}
	}

	private void bind(MeterRegistry registry, RedisReauthentications reauthentications, String scope) {
		Tags tags = Tags.of("integration", "redis", "scope", scope);
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
	}

}
