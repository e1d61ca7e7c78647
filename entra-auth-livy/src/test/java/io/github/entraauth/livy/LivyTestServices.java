package io.github.entraauth.livy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.github.entraauth.test.livy.LivyEmulator;

/** Services built from plain Java against a Livy emulator, with fast polling and retries and no keeper. */
final class LivyTestServices {

	static final LivyRetryPolicy RETRY = retry(5, Duration.ofMinutes(5));

	static final LivyPollPolicy POLL = new LivyPollPolicy(Duration.ofMillis(2), Duration.ofMillis(20),
			Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofHours(2));

	static final SessionDefaults SESSIONS = sessions(Duration.ZERO, Duration.ZERO);

	private LivyTestServices() {
	}

	static LivyRetryPolicy retry(int maxAttempts, Duration maxRetryAfter) {
		return new LivyRetryPolicy(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(50), maxRetryAfter, 3,
				Duration.ofMillis(50), Duration.ofSeconds(2));
	}

	/** Session defaults named test-… with the given keeper periods (zero turns one off). */
	static SessionDefaults sessions(Duration keepAliveInterval, Duration idleTimeout) {
		return new SessionDefaults("test-", "pyspark", SparkResources.none(), Map.of(), null, null, null, idleTimeout,
				keepAliveInterval);
	}

	static LivyServiceBuilder builder(LivyEmulator emulator) {
		return LivyService.builder(emulator.baseUrl())
			.dialect(LivyDialect.valueOf(emulator.dialect().name()))
			.retry(RETRY)
			.poll(POLL)
			.sessionDefaults(SESSIONS);
	}

	static void run(LivyEmulator emulator, Consumer<LivyService> test) {
		run(emulator, UnaryOperator.identity(), test);
	}

	/** Runs a test against a service and closes it afterwards, as an application does on shutdown. */
	static void run(LivyEmulator emulator, UnaryOperator<LivyServiceBuilder> settings, Consumer<LivyService> test) {
		try (LivyService livy = settings.apply(builder(emulator)).build()) {
			test.accept(livy);
		}
	}

}
