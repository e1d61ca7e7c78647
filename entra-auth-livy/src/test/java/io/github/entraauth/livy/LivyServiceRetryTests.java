package io.github.entraauth.livy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.RecordedLivyRequest;
import io.github.entraauth.test.livy.StatementOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Throttling, capacity, transient and lost-response failures injected by the emulator: waits are
 * honoured, only idempotent calls are repeated, and a failed create never makes a second session.
 */
class LivyServiceRetryTests {

	private static final String SESSION = "/sessions/[^/]+";

	private static final String STATEMENT = "/sessions/[^/]+/statements/\\d+";

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void waitsForRetryAfterHeaderBeforeRepeatingAThrottledCreate(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.inject("POST", "/sessions", 1, Fault.throttled(Duration.ofSeconds(1)));
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThat(session.state()).isEqualTo("idle");
				}
				List<RecordedLivyRequest> posts = emulator.requests("POST", "/sessions");
				assertThat(posts).extracting(RecordedLivyRequest::status).containsExactly(429, 201 + fabricOffset(dialect));
				assertThat(Duration.between(posts.get(0).at(), posts.get(1).at()))
					.isGreaterThanOrEqualTo(Duration.ofMillis(950));
				assertThat(emulator.sessionIds()).isEmpty();
			});
		}
	}

	@Test
	void waitsUntilTheBodyUntilHintWhenThereIsNoRetryAfterHeader() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					Instant until = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
					emulator.inject("GET", STATEMENT, 1, Fault.throttledUntil(until));
					assertThat(session.sql("select 42 as answer").table().rows()).containsExactly(List.of(42));
					List<RecordedLivyRequest> polls = emulator.requests("GET", STATEMENT);
					assertThat(polls.get(0).status()).isEqualTo(429);
					assertThat(polls.get(1).at()).isAfterOrEqualTo(until);
				}
			});
		}
	}

	@Test
	void failsAtOnceWhenTheServerAsksForALongerWaitThanAllowed() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("GET", "/sessions", 1, Fault.throttled(Duration.ofMinutes(10)));
			run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyException.class).isThrownBy(livy::listSessions)
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(429));
				assertThat(emulator.requests("GET", "/sessions")).hasSize(1);
			}, (builder) -> builder.retry(LivyTestServices.retry(5, Duration.ofSeconds(30))));
		}
	}

	@Test
	void backsOffOnCapacityExhaustionAndThenThrowsLivyCapacityException() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", "/sessions", 10, Fault.capacityExhausted());
			run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyCapacityException.class).isThrownBy(livy::startSession)
					.satisfies((ex) -> {
						assertThat(ex.getStatus()).isEqualTo(430);
						assertThat(ex.getErrorCode()).isEqualTo("TooManyRequestsForCapacity");
						assertThat(ex.getRequestId()).isNotBlank();
					});
				List<RecordedLivyRequest> posts = emulator.requests("POST", "/sessions");
				assertThat(posts).hasSize(3).allMatch((request) -> request.status() == 430);
				// capacity backoff is 200 ms, doubling: at least 200 + 400 ms between the three attempts
				assertThat(Duration.between(posts.get(0).at(), posts.get(2).at()))
					.isGreaterThanOrEqualTo(Duration.ofMillis(600));
				assertThat(emulator.sessionIds()).isEmpty();
			}, (builder) -> builder.retry(new LivyRetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50),
					Duration.ofMinutes(5), 3, Duration.ofMillis(200), Duration.ofSeconds(2))));
		}
	}

	@Test
	void succeedsWhenCapacityFreesUpBeforeTheLastAttempt() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", "/sessions", 1, Fault.capacityExhausted());
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThat(emulator.sessionIds()).containsExactly(session.id());
				}
				assertThat(emulator.requests("POST", "/sessions")).extracting(RecordedLivyRequest::status)
					.containsExactly(430, 202);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void retriesTransientNotFoundRightAfterCreateAndSubmit(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.inject("GET", SESSION, 2, Fault.status(404));
			emulator.inject("GET", STATEMENT, 2, Fault.status(404));
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThat(session.sql("select 'x' as v").table().rows()).containsExactly(List.of("x"));
				}
				assertThat(emulator.requests("GET", SESSION)).filteredOn((r) -> r.status() == 404).hasSize(2);
				assertThat(emulator.requests("GET", STATEMENT)).filteredOn((r) -> r.status() == 404).hasSize(2);
			});
		}
	}

	@Test
	void doesNotRetryNotFoundOutsideTheWindowAfterCreation() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> livy.attachSession("99", "spark").submit("1 + 1"))
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
				assertThat(livy.getSession("99")).isEmpty();
				assertThat(emulator.requests()).hasSize(2);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void adoptsTheSessionWhenTheCreateResponseIsLostInsteadOfCreatingAnother(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.inject("POST", "/sessions", 1, Fault.lostResponse(502));
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThat(emulator.sessionIds()).containsExactly(session.id());
					assertThat(emulator.sessionNames()).containsExactly(session.name());
				}
				assertThat(emulator.requests("POST", "/sessions")).hasSize(1);
				assertThat(emulator.sessionIds()).isEmpty();
			});
		}
	}

	@Test
	void createsAgainOnlyAfterConfirmingTheFailedCreateMadeNoSession() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", "/sessions", 1, Fault.status(503));
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					assertThat(emulator.sessionIds()).containsExactly(session.id());
				}
				List<RecordedLivyRequest> calls = emulator.requests().stream()
					.filter((r) -> r.path().equals("/sessions"))
					.toList();
				// the name is looked up for the whole not-found window (the server may list it late) before a new POST
				List<String> outcomes = calls.stream().map((r) -> r.method() + " " + r.status()).toList();
				assertThat(outcomes.get(0)).isEqualTo("POST 503");
				assertThat(outcomes.subList(1, outcomes.size() - 1)).isNotEmpty().containsOnly("GET 200");
				assertThat(outcomes.get(outcomes.size() - 1)).isEqualTo("POST 202");
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void retriesServerErrorsOnReadsButNeverRepeatsAStatementSubmit(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					emulator.inject("GET", STATEMENT, 2, Fault.status(500));
					assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));

					emulator.inject("POST", "/sessions/[^/]+/statements", 1, Fault.lostResponse(502));
					assertThatExceptionOfType(LivyException.class).isThrownBy(() -> session.sql("select 2"))
						.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(502));
					assertThat(emulator.requests("POST", "/sessions/[^/]+/statements")).hasSize(2);
				}
			});
		}
	}

	@Test
	void givesUpOnReadsAfterMaxAttempts() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			emulator.inject("GET", "/sessions", 10, Fault.status(500));
			run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyException.class).isThrownBy(livy::listSessions)
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(500));
				assertThat(emulator.requests("GET", "/sessions")).hasSize(3);
			}, (builder) -> builder.retry(LivyTestServices.retry(3, Duration.ofMinutes(5))));
		}
	}

	@Test
	void retriesAReadThatTimesOut() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					emulator.inject("GET", SESSION, 1, Fault.slow(Duration.ofSeconds(2)));
					assertThat(session.state()).isEqualTo("idle");
					assertThat(emulator.requests("GET", SESSION).size()).isGreaterThanOrEqualTo(2);
				}
			}, (builder) -> builder.requestTimeout(Duration.ofMillis(300)));
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void reportsASessionThatDiesWhileAStatementRuns(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			emulator.script("spark", "long", StatementOutput.runsUntilCancelled());
			run(emulator, (livy) -> {
				try (LivySession session = livy.startSession()) {
					Statement statement = session.submit("spark", "long");
					emulator.killSession(session.id());
					assertThatExceptionOfType(LivyStatementException.class).isThrownBy(statement::await)
						.satisfies((ex) -> assertThat(ex.getEname()).isEqualTo("SessionDied"));
					assertThatExceptionOfType(LivyException.class).isThrownBy(session::awaitIdle)
						.withMessageContaining("ended in state dead");
				}
			});
		}
	}

	private static int fabricOffset(LivyEmulator.Dialect dialect) {
		return (dialect == LivyEmulator.Dialect.FABRIC) ? 1 : 0;
	}

	private static void run(LivyEmulator emulator, Consumer<LivyService> test) {
		LivyTestServices.run(emulator, test);
	}

	private static void run(LivyEmulator emulator, Consumer<LivyService> test,
			UnaryOperator<LivyServiceBuilder> settings) {
		LivyTestServices.run(emulator, settings, test);
	}

}
