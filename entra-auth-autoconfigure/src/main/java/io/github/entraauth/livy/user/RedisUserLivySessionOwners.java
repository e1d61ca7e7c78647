package io.github.entraauth.livy.user;

import java.util.Optional;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Who started which Livy session, in Redis, shared by every instance of the application: a hash from session id to
 * owner ({@code <prefix>livy:owners}) and a set of session ids per owner ({@code <prefix>livy:sessions:<tid>/<oid>}).
 */
final class RedisUserLivySessionOwners implements UserLivySessionOwners {

	private final StringRedisTemplate redis;

	private final String owners;

	private final String sessionsPrefix;

	RedisUserLivySessionOwners(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.owners = keyPrefix + "livy:owners";
		this.sessionsPrefix = keyPrefix + "livy:sessions:";
	}

	@Override
	public void record(EntraUserId owner, String sessionId) {
		this.redis.opsForHash().put(this.owners, sessionId, owner.key());
		this.redis.opsForSet().add(this.sessionsPrefix + owner.key(), sessionId);
	}

	@Override
	public Optional<EntraUserId> ownerOf(String sessionId) {
		Object owner = this.redis.opsForHash().get(this.owners, sessionId);
		return Optional.ofNullable(owner).map((key) -> EntraUserId.ofKey(key.toString()));
	}

	@Override
	public Set<String> sessionsOf(EntraUserId owner) {
		Set<String> sessions = this.redis.opsForSet().members(this.sessionsPrefix + owner.key());
		return (sessions != null) ? Set.copyOf(sessions) : Set.of();
	}

	@Override
	public void remove(String sessionId) {
		Optional<EntraUserId> owner = ownerOf(sessionId);
		this.redis.opsForHash().delete(this.owners, sessionId);
		owner.ifPresent((user) -> this.redis.opsForSet().remove(this.sessionsPrefix + user.key(), sessionId));
	}

}
