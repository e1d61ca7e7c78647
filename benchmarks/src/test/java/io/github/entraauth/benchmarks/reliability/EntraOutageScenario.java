package io.github.entraauth.benchmarks.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.TokenManagers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Scenario 1: Entra ID goes down at the worst moment, when the first background refresh of every
 * token is due, and stays down for 90% of the time those tokens still have. Kafka sends, Redis
 * commands and Livy statements go on throughout and must not fail.
 * <p>
 * Time is compressed 60 times: 60 s tokens stand for Entra's 60-minute tokens, the 27 s outage for
 * 27 minutes, and the token retry cap is 1 s instead of one minute. The starter refreshes at
 * half-life, so at the outage's start the tokens have about 30 s (30 minutes) left; an outage as
 * long as that half-life, started then, would be the limit by design.
 */
final class EntraOutageScenario {

	private static final Duration LIFETIME = Duration.ofSeconds(60);

	private static final Duration OUTAGE = Duration.ofSeconds(27);

	/** After the outage, long enough for a second refresh cycle on new tokens. */
	private static final Duration AFTER = Duration.ofSeconds(35);

	private EntraOutageScenario() {
	}

	static ScenarioResult run() throws Exception {
		try (EntraEmulator entra = EntraEmulator.builder().tokenLifetime(LIFETIME).start();
				OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra)
					.topics("outage")
					.reauthentication(Duration.ofSeconds(10))
					.start();
				RedisServer redis = RedisServer.builder().acceptTokensFrom(entra).enforceTokenExpiry(true).start();
				LivyEmulator livy = Peers.fabricLivy(entra);
				ConfigurableApplicationContext app = Peers.start(Peers.credential(entra), Peers.kafka(kafka),
						Peers.redis(redis), Peers.livy(livy), Peers.compressedRetries())) {
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, String> template = app.getBean(KafkaTemplate.class);
			StringRedisTemplate commands = app.getBean(StringRedisTemplate.class);
			Counts counts = new Counts();
			try (LivySession session = app.getBean(LivyService.class).startSession()) {
				Runnable work = () -> workOnce(template, commands, session, counts);
				work.run();
				Instant refreshDue = firstRefreshDue(app.getBean(TokenManagers.class));
				runUntil(refreshDue, work);
				int issuedBefore = entra.tokensIssued();
				entra.faults().outage(true);
				try {
					runUntil(Instant.now().plus(OUTAGE), work);
				}
				finally {
					entra.faults().outage(false);
				}
				int issuedDuringOutage = entra.tokensIssued() - issuedBefore;
				runUntil(Instant.now().plus(AFTER), work);
				int refreshedAfter = entra.tokensIssued() - issuedBefore;
				String figures = counts + "; tokens issued during the outage " + issuedDuringOutage
						+ ", after it " + refreshedAfter;
				boolean passed = counts.failures() == 0 && issuedDuringOutage == 0 && refreshedAfter >= 3;
				return new ScenarioResult("1. Entra outage (Kafka, Redis, Livy)",
						"60x: 60 s tokens = 60 min, 27 s outage = 27 min from the first refresh (the worst moment), "
								+ "token retry cap 1 s = 1 min",
						figures, "0 failures; new tokens for all three scopes after the outage", passed);
			}
		}
	}

	private static Instant firstRefreshDue(TokenManagers managers) {
		return managers.managers().stream().map((manager) -> manager.status().nextRefresh())
			.filter((next) -> next != null)
			.min(Comparator.naturalOrder())
			.orElseThrow(() -> new IllegalStateException("No token manager has a refresh planned"));
	}

	private static void runUntil(Instant end, Runnable work) throws InterruptedException {
		while (Instant.now().isBefore(end)) {
			work.run();
			TimeUnit.MILLISECONDS.sleep(200);
		}
	}

	private static void workOnce(KafkaTemplate<String, String> template, StringRedisTemplate commands,
			LivySession session, Counts counts) {
		long n = counts.kafka.incrementAndGet();
		try {
			template.send("outage", Long.toString(n), "order-" + n).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			counts.fail("kafka", ex);
		}
		counts.redis.incrementAndGet();
		try {
			commands.opsForValue().set("outage-" + (n % 100), Long.toString(n));
			if (!Long.toString(n).equals(commands.opsForValue().get("outage-" + (n % 100)))) {
				counts.fail("redis", new IllegalStateException("read back a different value"));
			}
		}
		catch (RuntimeException ex) {
			counts.fail("redis", ex);
		}
		if (n % 10 == 0) {
			counts.livy.incrementAndGet();
			try {
				session.sql("SELECT " + n);
			}
			catch (RuntimeException ex) {
				counts.fail("livy", ex);
			}
		}
	}

	/** Operations per integration and failures, with the first failure kept for the log. */
	static final class Counts {

		final AtomicLong kafka = new AtomicLong();

		final AtomicLong redis = new AtomicLong();

		final AtomicLong livy = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		long failures() {
			return this.failures.get();
		}

		void fail(String integration, Exception ex) {
			if (this.failures.incrementAndGet() <= 3) {
				System.out.println("  " + integration + " failed: " + ex);
			}
		}

		@Override
		public String toString() {
			return this.kafka + " Kafka sends, " + this.redis + " Redis SET+GET, " + this.livy
					+ " Livy statements, " + this.failures + " failures";
		}

	}

}
