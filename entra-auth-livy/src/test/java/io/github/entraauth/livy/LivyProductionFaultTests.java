package io.github.entraauth.livy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults seen in production, each against the Livy emulator: a day-long capacity wait, a keep-alive
 * stuck behind one, a create whose answer was lost on a server that lists new sessions late, a
 * repeated create refused as a duplicate, a failing delete, an oversized body and an error body with a
 * token in it.
 */
class LivyProductionFaultTests {

	private static final Fault CAPACITY_FOR_A_DAY = new Fault(430, Duration.ofDays(1), null,
			"TooManyRequestsForCapacity", Duration.ZERO, false);

	@Test
	@Timeout(30)
	void failsAtOnceWhenACapacityAnswerAsksForALongerWaitThanMaxRetryAfter() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", "/sessions", 1, CAPACITY_FOR_A_DAY);
			LivyTestServices.run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyCapacityException.class).isThrownBy(livy::startSession)
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(430));
				assertThat(emulator.requests("POST", "/sessions")).hasSize(1);
				assertThat(emulator.sessionIds()).isEmpty();
			});
		}
	}

	@Test
	@Timeout(30)
	void aDayLongCapacityWaitOnAKeepAliveDoesNotStopLaterKeepAlives() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator,
					(builder) -> builder
						.sessionDefaults(LivyTestServices.sessions(Duration.ofMillis(100), Duration.ofSeconds(30))),
					(livy) -> {
						LivySession session = livy.startSession();
						String keepAlive = "/sessions/" + session.id() + "/reset-timeout";
						emulator.inject("POST", keepAlive, 1, CAPACITY_FOR_A_DAY);
						await().atMost(Duration.ofSeconds(10))
							.until(() -> emulator.requests("POST", keepAlive)
								.stream()
								.anyMatch((request) -> request.status() == 204));
						assertThat(emulator.requests("POST", keepAlive).get(0).status()).isEqualTo(430);
					});
		}
	}

	@Test
	void looksACreateWithALostAnswerUpUntilTheServerListsItInsteadOfCreatingAgain() {
		MovableClock serverClock = new MovableClock();
		try (LivyEmulator emulator = LivyEmulator.apache().clock(serverClock).listingDelay(Duration.ofMinutes(1))) {
			emulator.inject("POST", "/sessions", 1, Fault.lostResponse(502));
			AtomicInteger adopted = new AtomicInteger();
			LivyTestServices.run(emulator, (builder) -> builder.listener(adoptions(adopted)), (livy) -> {
				CompletableFuture<LivySession> started = livy.startSessionAsync(SessionOptions.defaults());
				// the first lookup misses the new session; then the server starts listing it
				await().atMost(Duration.ofSeconds(10)).until(() -> !emulator.requests("GET", "/sessions").isEmpty());
				serverClock.advance(Duration.ofMinutes(2));
				LivySession session = started.join();
				assertThat(emulator.requests("POST", "/sessions")).hasSize(1);
				assertThat(emulator.sessionIds()).containsExactly(session.id());
				assertThat(livy.openSessions()).containsExactly(session);
				assertThat(adopted).hasValue(1);
			});
			assertThat(emulator.sessionIds()).isEmpty();
		}
	}

	@Test
	void adoptsTheSessionWhenTheRepeatedCreateIsRefusedAsADuplicateName() {
		MovableClock serverClock = new MovableClock();
		try (LivyEmulator emulator = LivyEmulator.apache().clock(serverClock).listingDelay(Duration.ofMinutes(1))) {
			emulator.inject("POST", "/sessions", 1, Fault.lostResponse(502));
			LivyTestServices.run(emulator, (livy) -> {
				CompletableFuture<LivySession> started = livy.startSessionAsync(SessionOptions.defaults());
				// no lookup in the not-found window finds it, so the create is repeated and refused as a duplicate
				await().atMost(Duration.ofSeconds(10)).until(() -> emulator.requests("POST", "/sessions").size() == 2);
				serverClock.advance(Duration.ofMinutes(2));
				LivySession session = started.join();
				assertThat(emulator.requests("POST", "/sessions")).extracting(RecordedLivyRequest::status)
					.containsExactly(502, 400);
				assertThat(emulator.sessionIds()).containsExactly(session.id());
				assertThat(livy.openSessions()).containsExactly(session);
			});
			// tracked, so the billed session is closed with the service
			assertThat(emulator.sessionIds()).isEmpty();
		}
	}

	@Test
	void aSessionWhoseDeleteFailsStaysTrackedUntilADeleteSucceeds() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestServices.run(emulator, (livy) -> {
				LivySession session = livy.startSession();
				emulator.inject("DELETE", "/sessions/" + session.id(), 5, Fault.status(500));
				assertThatExceptionOfType(LivyException.class).isThrownBy(session::close)
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(500));
				assertThat(session.isClosed()).isFalse();
				assertThat(livy.openSessions()).containsExactly(session);
				assertThat(emulator.sessionIds()).containsExactly(session.id());
				session.close();
				assertThat(session.isClosed()).isTrue();
				assertThat(livy.openSessions()).isEmpty();
				assertThat(emulator.sessionIds()).isEmpty();
			});
		}
	}

	@Test
	void refusesAResponseBodyOverTheSizeLimit() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.executeSql("create table wide(v varchar(200))");
			for (int i = 0; i < 40; i++) {
				emulator.executeSql("insert into wide values ('" + "x".repeat(200) + "')");
			}
			LivyTestServices.run(emulator, (builder) -> builder.maxResponseBytes(4096), (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThatExceptionOfType(LivyException.class).isThrownBy(() -> session.sql("select v from wide"))
						.withMessageContaining("larger than 4096 bytes");
					assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));
				}
			});
		}
	}

	@Test
	void errorsCarryARedactedAndBoundedExcerptOfTheBody() {
		String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
		String name = "report-" + jwt + "-" + "n".repeat(2000);
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestServices.run(emulator, (livy) -> {
				livy.createSession(SessionOptions.defaults().withName(name));
				AtomicReference<LivyException> failure = new AtomicReference<>();
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> livy.createSession(SessionOptions.defaults().withName(name)))
					.satisfies(failure::set);
				assertThat(failure.get().getStatus()).isEqualTo(400);
				assertThat(failure.get().getMessage()).contains("Duplicate session name", "[REDACTED]")
					.doesNotContain(jwt)
					.hasSizeLessThan(500);
				assertThat(emulator.requests("POST", "/sessions")).hasSize(2);
			});
		}
	}

	private static LivyListener adoptions(AtomicInteger adopted) {
		return new LivyListener() {

			@Override
			public void createAdopted(String collection) {
				adopted.incrementAndGet();
			}

		};
	}

	/** The emulator's clock, moved by the test to end its listing delay at a chosen point. */
	private static final class MovableClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
