package io.github.entraauth.sample;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Recent results in Redis, shared by every instance of the sample: a short list per user
 * ({@code sample:results:<tid>/<oid>}), forgotten a day after the user's last query.
 */
class RedisRecentResults implements RecentResults {

	private static final int KEPT_PER_USER = 5;

	private static final Duration RETENTION = Duration.ofDays(1);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final StringRedisTemplate redis;

	RedisRecentResults(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public void add(ResultOwner owner, Result result) {
		String key = key(owner);
		this.redis.opsForList().leftPush(key, json.writeValueAsString(result));
		this.redis.opsForList().trim(key, 0, KEPT_PER_USER - 1);
		this.redis.expire(key, RETENTION);
	}

	@Override
	public List<Result> list(ResultOwner owner) {
		List<String> stored = this.redis.opsForList().range(key(owner), 0, -1);
		return (stored != null) ? stored.stream().map((entry) -> json.readValue(entry, Result.class)).toList()
				: List.of();
	}

	@Override
	public void clear(ResultOwner owner) {
		this.redis.delete(key(owner));
	}

	private static String key(ResultOwner owner) {
		return "sample:results:" + owner.tenantId() + "/" + owner.objectId();
	}

}
