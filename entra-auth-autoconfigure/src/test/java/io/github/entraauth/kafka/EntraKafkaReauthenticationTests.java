package io.github.entraauth.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer and a consumer running on short-lived Entra ID tokens through a broker that makes every connection
 * re-authenticate (KIP-368) every 3 seconds: nothing is lost, duplicated or failed, across token refreshes and
 * across an Entra outage shorter than the current token's remaining life.
 * <p>
 * Tokens live 20 s, well above the re-authentication interval: a broker refuses a re-authentication that comes
 * less than a second after the previous one ("Unexpected handshake request ... enabled mechanisms are []"), which
 * a token with under a second left would cause on a machine too busy to refresh it in time.
 */
@ExtendWith(ClosePeersAfterContextExtension.class)
@SpringBootTest(classes = EntraKafkaReauthenticationTests.App.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EntraKafkaReauthenticationTests {

	private static final Duration SOAK = Duration.ofSeconds(60);

	private static final String AUDIENCE = "https://localhost";

	private static final EntraEmulator entra = EntraEmulator.builder().tokenLifetime(Duration.ofSeconds(20)).start();

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-soak", "soak-secret");
		kafka = OAuthBearerKafkaBroker.builder(entra)
			.reauthentication(Duration.ofSeconds(3))
			.topics("soak", "outage")
			.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EntraKafkaTestEnvironment.secretClient(entra, "kafka-soak", "soak-secret").forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.kafka(kafka).forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.shortTokenRefresh().forEach((k, v) -> registry.add(k, () -> v));
		registry.add("spring.kafka.consumer.group-id", () -> "soak");
	}

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private App app;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private TokenManagers tokenManagers;

	@Test
	@Order(1)
	void producerAndConsumerRunForSixtySecondsAcrossTokenRefreshesAndReauthentications() throws Exception {
		int tokensBefore = entra.tokensIssued(AUDIENCE);
		Sender sender = new Sender(this.template, "soak");
		long end = System.nanoTime() + SOAK.toNanos();
		while (System.nanoTime() < end) {
			sender.sendNext();
			Thread.sleep(50);
		}
		assertEverySentRecordConsumedOnceWithoutFailures(sender);
		Map<MetricName, ? extends Metric> producerMetrics = this.template.metrics();
		Map<MetricName, ? extends Metric> consumerMetrics = this.listeners.getListenerContainer("soak")
			.metrics()
			.values()
			.iterator()
			.next();
		double producerReauths = EntraKafkaTestEnvironment.metric(producerMetrics, "successful-reauthentication-total");
		double consumerReauths = EntraKafkaTestEnvironment.metric(consumerMetrics, "successful-reauthentication-total");
		int tokensFetched = entra.tokensIssued(AUDIENCE) - tokensBefore;
		System.out.printf("SOAK %ds: produced=%d consumed=%d sendFailures=%d producerReauth(ok=%.0f, failed=%.0f) "
				+ "consumerReauth(ok=%.0f, failed=%.0f) tokensFetched=%d brokerAcceptedTokens=%d brokerRejectedTokens=%d%n",
				SOAK.toSeconds(), sender.sent.get(), this.app.received("soak").size(), sender.failed.get(),
				producerReauths, EntraKafkaTestEnvironment.metric(producerMetrics, "failed-reauthentication-total"),
				consumerReauths, EntraKafkaTestEnvironment.metric(consumerMetrics, "failed-reauthentication-total"),
				tokensFetched, kafka.acceptedTokens(), kafka.rejectedTokens());
		assertThat(producerReauths).isPositive();
		assertThat(consumerReauths).isPositive();
		assertThat(EntraKafkaTestEnvironment.metric(producerMetrics, "failed-reauthentication-total")).isZero();
		assertThat(EntraKafkaTestEnvironment.metric(consumerMetrics, "failed-reauthentication-total")).isZero();
		// every re-authentication needs an unexpired token, so 20 s tokens over 60 s mean at least two new ones
		assertThat(tokensFetched).isGreaterThanOrEqualTo(2);
		assertThat(kafka.rejectedTokens()).isZero();
	}

	@Test
	@Order(2)
	void entraOutageShorterThanTheTokensRemainingLifeCausesNoSendFailures() throws Exception {
		entra.tokenLifetime(Duration.ofSeconds(60));
		AtomicReference<Instant> longTokenExpiry = new AtomicReference<>();
		entra.onTokenIssued((token) -> {
			if (token.expiresAt().isAfter(Instant.now().plusSeconds(40))) {
				longTokenExpiry.compareAndSet(null, token.expiresAt());
			}
		});
		TokenManager manager = this.tokenManagers.managers()
			.stream()
			.filter((candidate) -> candidate.scope().equals(AUDIENCE + "/.default"))
			.findFirst()
			.orElseThrow();
		Sender sender = new Sender(this.template, "outage");
		Thread sending = new Thread(sender::sendUntilStopped, "outage-sender");
		sending.setDaemon(true);
		sending.start();
		await().atMost(Duration.ofSeconds(90)).until(() -> longTokenExpiry.get() != null);
		Instant outageStart = Instant.now();
		long failuresBefore = manager.status().failures();
		entra.faults().outage(true);
		// hold the outage until the manager's scheduled refresh has really failed against it
		await().atMost(Duration.ofSeconds(90)).until(() -> manager.status().failures() > failuresBefore);
		entra.faults().outage(false);
		Instant outageEnd = Instant.now();
		await().atMost(Duration.ofSeconds(90)).until(() -> manager.status().consecutiveFailures() == 0);
		await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
		sender.stop();
		sending.join();
		assertThat(outageEnd).isBefore(longTokenExpiry.get());
		assertEverySentRecordConsumedOnceWithoutFailures(sender);
		System.out.printf("OUTAGE %ds (token expiring %ds after outage start): produced=%d sendFailures=%d "
				+ "tokenFetchFailures=%d%n", Duration.between(outageStart, outageEnd).toSeconds(),
				Duration.between(outageStart, longTokenExpiry.get()).toSeconds(), sender.sent.get(), sender.failed.get(),
				manager.status().failures() - failuresBefore);
	}

	private void assertEverySentRecordConsumedOnceWithoutFailures(Sender sender) {
		this.template.flush();
		await().atMost(Duration.ofSeconds(120)).until(() -> sender.acked.get() + sender.failed.get() == sender.sent.get());
		assertThat(sender.failed.get()).isZero();
		assertThat(sender.sent.get()).isPositive();
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.app.received(sender.topic).keySet().containsAll(sender.keys));
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		assertThat(this.app.received(sender.topic)).hasSameSizeAs(sender.keys)
			.allSatisfy((key, count) -> assertThat(count.get()).as("deliveries of " + key).isEqualTo(1));
	}

	static final class Sender {

		final KafkaTemplate<String, String> template;

		final String topic;

		final Set<String> keys = ConcurrentHashMap.newKeySet();

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger acked = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		private volatile boolean stopped;

		Sender(KafkaTemplate<String, String> template, String topic) {
			this.template = template;
			this.topic = topic;
		}

		void sendNext() {
			String key = this.topic + "-" + this.sent.get();
			this.keys.add(key);
			this.sent.incrementAndGet();
			try {
				this.template.send(this.topic, key, "record " + key).whenComplete((result, ex) -> {
					if (ex != null) {
						this.failed.incrementAndGet();
					}
					else {
						this.acked.incrementAndGet();
					}
				});
			}
			catch (RuntimeException ex) {
				this.failed.incrementAndGet();
			}
		}

		void sendUntilStopped() {
			while (!this.stopped) {
				sendNext();
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		void stop() {
			this.stopped = true;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableKafka
	static class App {

		private final Map<String, Map<String, AtomicInteger>> received = new ConcurrentHashMap<>();

		Map<String, AtomicInteger> received(String topic) {
			return this.received.computeIfAbsent(topic, (t) -> new ConcurrentHashMap<>());
		}

		@KafkaListener(id = "soak", topics = { "soak", "outage" })
		void receive(ConsumerRecord<String, String> record) {
			received(record.topic()).computeIfAbsent(record.key(), (k) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
