package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A @KafkaListener whose re-authentication the broker refuses for a while, with no auth-exception retry
 * interval configured by the application: the container keeps running, counts and reports the failure once
 * per failure without a token in the log, and consumes again once the broker accepts tokens again.
 */
@ExtendWith({ ClosePeersAfterContextExtension.class, OutputCaptureExtension.class })
@SpringBootTest(classes = EntraKafkaListenerAuthRecoveryTests.App.class)
@DirtiesContext
class EntraKafkaListenerAuthRecoveryTests {

	private static final String WARNING = "could not authenticate; it keeps running";

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final List<String> issuedTokens = new CopyOnWriteArrayList<>();

	private static final OAuthBearerKafkaBroker kafka;

	static {
		entra.registerSecretClient("kafka-recovery", "recovery-secret");
		entra.onTokenIssued((token) -> issuedTokens.add(token.jwt()));
		kafka = OAuthBearerKafkaBroker.builder(entra).reauthentication(Duration.ofSeconds(2)).topics("recovery").start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EntraKafkaTestEnvironment.secretClient(entra, "kafka-recovery", "recovery-secret")
			.forEach((k, v) -> registry.add(k, () -> v));
		EntraKafkaTestEnvironment.kafka(kafka).forEach((k, v) -> registry.add(k, () -> v));
		registry.add("spring.kafka.consumer.group-id", () -> "recovery");
	}

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private App app;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private KafkaListenerAuthFailures failures;

	@Autowired
	private MeterRegistry meters;

	@Test
	void listenerSurvivesARefusedReauthenticationAndConsumesOnceTheBrokerAcceptsTokensAgain(CapturedOutput output)
			throws Exception {
		this.template.send("recovery", "before", "before the refusal").get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.app.keys.contains("before"));
		kafka.refuseAuthentication(true);
		try {
			// the consumer polls continuously, so its next re-authentication (every 2 s) is refused
			await("the listener container reports the refused authentication and keeps running")
				.atMost(Duration.ofSeconds(120))
				.until(() -> !this.app.authEvents.isEmpty());
		}
		finally {
			kafka.refuseAuthentication(false);
		}
		await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> {
			this.template.send("recovery", "after", "after the refusal").get(30, TimeUnit.SECONDS);
			return true;
		});
		await().atMost(Duration.ofSeconds(180)).until(() -> this.app.keys.contains("after"));
		assertThat(this.listeners.getListenerContainer("recovery").isRunning()).isTrue();
		assertThat(this.app.authEvents).noneMatch(ConsumerStoppedEvent.class::isInstance);
		long counted = this.failures.authenticationFailures();
		assertThat(counted).isPositive();
		assertThat(this.meters.get("entra.kafka.listener.auth.failures")
			.tag("reason", "authentication")
			.functionCounter()
			.count()).isEqualTo((double) counted);
		List<String> warnings = output.getAll().lines().filter((line) -> line.contains(WARNING)).toList();
		assertThat(warnings).hasSize((int) counted).allSatisfy((line) -> assertThat(line).contains("WARN"));
		assertThat(issuedTokens).isNotEmpty().noneMatch(output.getAll()::contains);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableKafka
	static class App {

		final Set<String> keys = ConcurrentHashMap.newKeySet();

		final List<KafkaEvent> authEvents = new CopyOnWriteArrayList<>();

		@KafkaListener(id = "recovery", topics = "recovery")
		void receive(ConsumerRecord<String, String> record) {
			this.keys.add(record.key());
		}

		@EventListener
		void retrying(ConsumerRetryAuthEvent event) {
			this.authEvents.add(event);
		}

		/** Without a retry interval the container stops for good after an authentication failure. */
		@EventListener
		void stopped(ConsumerStoppedEvent event) {
			if (event.getReason() == ConsumerStoppedEvent.Reason.AUTH) {
				this.authEvents.add(event);
			}
		}

	}

}
