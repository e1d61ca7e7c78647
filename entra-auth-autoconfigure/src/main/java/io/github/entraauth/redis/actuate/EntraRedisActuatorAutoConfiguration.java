package io.github.entraauth.redis.actuate;

import io.github.entraauth.redis.EntraRedisAutoConfiguration;
import io.github.entraauth.redis.EntraRedisProperties;
import io.github.entraauth.redis.RedisReauthentications;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Meters of the re-authentication of live Redis connections, when Micrometer is present and the
 * Redis integration is active.
 */
@AutoConfiguration(after = EntraRedisAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, RedisReauthentications.class })
@ConditionalOnBean(RedisReauthentications.class)
public final class EntraRedisActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisReauthenticationMeters entraRedisReauthenticationMeters(RedisReauthentications reauthentications,
			EntraRedisProperties properties) {
		return new RedisReauthenticationMeters(reauthentications, properties.getScope());
	}

}
