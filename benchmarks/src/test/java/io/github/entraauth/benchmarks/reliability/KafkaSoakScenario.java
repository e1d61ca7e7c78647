package io.github.entraauth.benchmarks.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * Scenario 2: a soak with 5 s tokens and a broker that makes every connection re-authenticate every
 * 3 s. A producer sends continuously and a listener container built by Boot's factory consumes;
 * every record produced must be consumed, and nothing may fail.
 * <p>
 * Time is compressed by the token lifetime: 5 s tokens stand for 60-minute ones, so each minute of
 * the soak holds about 12 token refreshes and 20 re-authentications per connection, the load of
 * 12 hours of production.
 */
final class KafkaSoakScenario {

	private static final String TOPIC = "soak";

	private KafkaSoakScenario() {
	}

	static ScenarioResult run(Duration soak) throws Exception {
		try (EntraEmulator entra = EntraEmulator.builder().tokenLifetime(Duration.ofSeconds(5)).start();
				OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra)
					.topics(TOPIC)
					.reauthentication(Duration.ofSeconds(3))
					.start();
				ConfigurableApplicationContext app = Peers.start(Peers.credential(entra), Peers.kafka(kafka),
						Peers.compressedRetries(), Map.of("entra.redis.enabled", "false",
								"spring.kafka.consumer.auto-offset-reset", "earliest",
								"spring.kafka.consumer.group-id", "soak"))) {
			Set<String> consumed = ConcurrentHashMap.newKeySet();
			AtomicLong duplicates = new AtomicLong();
			ConcurrentMessageListenerContainer<String, String> container = listen(app, (record) -> {
				if (!consumed.add(record.key())) {
					duplicates.incrementAndGet();
				}
			});
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, String> template = app.getBean(KafkaTemplate.class);
			AtomicLong failedSends = new AtomicLong();
			long produced = 0;
			int issuedAtStart = entra.tokensIssued();
			Instant end = Instant.now().plus(soak);
			while (Instant.now().isBefore(end)) {
				for (int i = 0; i < 20; i++) {
					String key = Long.toString(produced++);
					template.send(TOPIC, key, "order-" + key).whenComplete((result, error) -> {
						if (error != null && failedSends.incrementAndGet() <= 3) {
							System.out.println("  send failed: " + error);
						}
					});
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
			template.flush();
			long total = produced;
			Instant drained = Instant.now().plusSeconds(60);
			while (consumed.size() < total - failedSends.get() && Instant.now().isBefore(drained)) {
				TimeUnit.MILLISECONDS.sleep(200);
			}
			container.stop();
			int tokens = entra.tokensIssued() - issuedAtStart;
			String figures = total + " produced, " + consumed.size() + " consumed, " + failedSends + " failed sends, "
					+ duplicates + " consumed twice, " + tokens + " tokens issued in " + Peers.seconds(soak);
			boolean passed = failedSends.get() == 0 && consumed.size() == total;
			return new ScenarioResult("2. Kafka soak (re-authentication every 3 s)",
					"5 s tokens = 60 min: " + Peers.seconds(soak) + " = " + (soak.toSeconds() * 12 / 60)
							+ " h of token refreshes",
					figures, "produced == consumed, 0 errors", passed);
		}
	}

	private static ConcurrentMessageListenerContainer<String, String> listen(ConfigurableApplicationContext app,
			MessageListener<String, String> listener) {
		@SuppressWarnings("unchecked")
		ConcurrentKafkaListenerContainerFactory<String, String> factory = app
			.getBean(ConcurrentKafkaListenerContainerFactory.class);
		ConcurrentMessageListenerContainer<String, String> container = factory.createContainer(TOPIC);
		container.setupMessageListener(listener);
		container.start();
		return container;
	}

}
