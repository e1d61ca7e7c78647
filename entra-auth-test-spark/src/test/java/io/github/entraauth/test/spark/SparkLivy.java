package io.github.entraauth.test.spark;

import java.time.Duration;
import java.util.Map;

import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.LivyPollPolicy;
import io.github.entraauth.livy.LivyRetryPolicy;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.SessionDefaults;
import io.github.entraauth.livy.SparkResources;
import io.github.entraauth.test.livy.LivyEmulator;

/** Services over a Livy emulator with fast polling and a session start deadline long enough for a cold Spark. */
final class SparkLivy {

	private static final LivyPollPolicy POLL = new LivyPollPolicy(Duration.ofMillis(5), Duration.ofMillis(100),
			Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(2));

	private static final LivyRetryPolicy RETRY = new LivyRetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50),
			Duration.ofSeconds(5), 3, Duration.ofMillis(50), Duration.ofSeconds(2));

	private static final SessionDefaults SESSIONS = new SessionDefaults("spark-test-", "spark", SparkResources.none(),
			Map.of(), null, null, null, Duration.ZERO, Duration.ZERO);

	private SparkLivy() {
	}

	static LivyService service(LivyEmulator emulator) {
		return LivyService.builder(emulator.baseUrl())
			.dialect(LivyDialect.valueOf(emulator.dialect().name()))
			.retry(RETRY)
			.poll(POLL)
			.sessionDefaults(SESSIONS)
			.build();
	}

}
