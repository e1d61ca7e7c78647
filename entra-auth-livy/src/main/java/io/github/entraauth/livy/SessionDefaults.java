package io.github.entraauth.livy;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What every new session gets unless {@link SessionOptions} override it, and how the service looks after
 * the sessions it created.
 *
 * @param namePrefix the prefix of session names; a timestamp and a random suffix make each name unique
 * @param kind the default session and statement kind: spark, pyspark, sparkr or sql
 * @param resources Spark resources for every session
 * @param tags tags for every Fabric session
 * @param ttl Apache Livy {@code ttl}, sent only to 0.8 and later
 * @param serverIdleTimeout Apache Livy {@code idleTimeout}, sent only to 0.9 and later (as {@code ttl} to 0.8)
 * @param heartbeatTimeout Apache Livy {@code heartbeatTimeoutInSecond}
 * @param idleTimeout sessions unused for this long are closed by the reaper; zero disables the reaper
 * @param keepAliveInterval how often sessions in use get a keep-alive call; zero disables keep-alive
 */
public record SessionDefaults(String namePrefix, String kind, SparkResources resources, Map<String, String> tags,
		@Nullable Duration ttl, @Nullable Duration serverIdleTimeout, @Nullable Duration heartbeatTimeout,
		Duration idleTimeout, Duration keepAliveInterval) {

	public SessionDefaults {
		if (namePrefix == null) {
			throw new IllegalArgumentException("namePrefix must not be null");
		}
		if (kind == null || kind.isBlank()) {
			throw new IllegalArgumentException("kind must not be empty");
		}
		Arguments.notNegative("idleTimeout", idleTimeout);
		Arguments.notNegative("keepAliveInterval", keepAliveInterval);
		Arguments.notNull("resources", resources);
		tags = Arguments.map("tags", tags);
	}

	/**
	 * pyspark sessions named {@code livy-…} with the server's resources, reaped after 20 unused minutes and
	 * kept alive every 5 minutes while in use.
	 * @return the defaults
	 */
	public static SessionDefaults defaults() {
		return new SessionDefaults("livy-", "pyspark", SparkResources.none(), Map.of(), null, null, null,
				Duration.ofMinutes(20), Duration.ofMinutes(5));
	}

}
