package io.github.entraauth.livy.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.entraauth.livy.SessionActivity;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Livy session use shared by every instance of the application through Redis: per session a hash from instance to
 * its last use ({@code entra:livy:activity:<id>}), and a marker that the one instance closing an idle session sets
 * first ({@code entra:livy:closing:<id>}).
 */
final class RedisSessionActivity implements SessionActivity {

	private static final String ACTIVITY = "entra:livy:activity:";

	private static final String CLOSING = "entra:livy:closing:";

	/** Long enough for any session's life; only keeps records of sessions lost with their instance from piling up. */
	private static final Duration RETENTION = Duration.ofDays(2);

	private final StringRedisTemplate redis;

	private final String instance = UUID.randomUUID().toString();

	RedisSessionActivity(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public void used(String sessionId, Instant at) {
		this.redis.opsForHash().put(ACTIVITY + sessionId, this.instance, Long.toString(at.toEpochMilli()));
		this.redis.expire(ACTIVITY + sessionId, RETENTION);
	}

	@Override
	public Optional<Instant> lastUsed(String sessionId) {
		List<Object> uses = this.redis.opsForHash().values(ACTIVITY + sessionId);
		return uses.stream().map((use) -> Long.parseLong(use.toString())).max(Long::compare).map(Instant::ofEpochMilli);
	}

	@Override
	public boolean usedElsewhere(String sessionId) {
		return this.redis.opsForHash().keys(ACTIVITY + sessionId).stream().anyMatch((user) -> !this.instance.equals(user));
	}

	@Override
	public boolean known(String sessionId) {
		return Boolean.TRUE.equals(this.redis.hasKey(ACTIVITY + sessionId));
	}

	/** The claiming instance keeps its claim, so it retries a close whose DELETE failed. */
	@Override
	public boolean claimClose(String sessionId) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(CLOSING + sessionId, this.instance, RETENTION))
				|| this.instance.equals(this.redis.opsForValue().get(CLOSING + sessionId));
	}

	@Override
	public void closed(String sessionId) {
		this.redis.delete(ACTIVITY + sessionId);
	}

	@Override
	public void released(String sessionId) {
		this.redis.opsForHash().delete(ACTIVITY + sessionId, this.instance);
	}

}
