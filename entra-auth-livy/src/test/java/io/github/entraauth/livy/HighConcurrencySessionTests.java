package io.github.entraauth.livy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Fabric high-concurrency sessions against the Livy emulator's Fabric dialect: REPLs packed by tag (five per
 * Spark session), acquisition de-duplicated when its answer is lost, statements isolated per REPL, release on
 * close and on shutdown, and a clear refusal on Apache Livy.
 */
@Timeout(60)
class HighConcurrencySessionTests {

	private static final String HC = "/highConcurrencySessions";

	@Test
	void runsStatementsInItsOwnReplOnceFabricReportsItIdle() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator, (livy) -> {
				try (LivySession session = livy.acquireHighConcurrencySession("reports")) {
					assertThat(session.sql("SELECT 6 * 7 AS answer").table().rows()).containsExactly(List.of(42));
					assertThat(emulator.requests("POST", "/sessions/[^/]+/repls/[^/]+/statements")).hasSize(1);
					assertThat(emulator.requests("POST", "/sessions")).isEmpty();
					assertThat(session.state()).isEqualTo("idle");
				}
				assertThat(emulator.highConcurrencySessionIds()).isEmpty();
			});
		}
	}

	@Test
	void anAcquisitionWhoseAnswerWasLostIsAdoptedNotSentAgain() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", HC, 1, Fault.lostResponse(502));
			LivyTestServices.run(emulator, (livy) -> {
				LivySession session = livy.acquireHighConcurrencySession("reports");
				assertThat(emulator.requests("POST", HC)).hasSize(1);
				assertThat(emulator.highConcurrencySessionIds()).containsExactly(session.id());
				assertThat(session.sql("SELECT 1 AS one").table().rows()).containsExactly(List.of(1));
			});
			assertThat(emulator.highConcurrencySessionIds()).as("released at shutdown").isEmpty();
		}
	}

	@Test
	void sixConcurrentUsersOfOneTagShareTwoSparkSessions() throws Exception {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			ExecutorService users = Executors.newFixedThreadPool(6);
			try {
				LivyTestServices.run(emulator, (livy) -> {
					try (HighConcurrencyPool pool = livy.highConcurrencyPool("team-reports")) {
						CyclicBarrier together = new CyclicBarrier(6);
						List<CompletableFuture<StatementResult>> answers = new ArrayList<>();
						for (int user = 0; user < 6; user++) {
							int n = user;
							answers.add(CompletableFuture.supplyAsync(() -> pool.withSession((repl) -> {
								await(together);
								return repl.sql("SELECT " + n + " AS n");
							}), users));
						}
						Set<Object> values = new HashSet<>();
						answers.forEach((answer) -> values.add(answer.join().table().rows().get(0).get(0)));
						assertThat(values).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
						assertThat(pool.size()).isEqualTo(6);
						assertThat(emulator.highConcurrencySessionIds()).hasSize(6);
						assertThat(emulator.highConcurrencySparkSessions()).isEqualTo(2);
						// a later caller reuses an idle REPL instead of acquiring a seventh
						pool.sql("SELECT 7");
						assertThat(emulator.requests("POST", HC)).hasSize(6);
					}
					assertThat(emulator.highConcurrencySessionIds()).as("released on close").isEmpty();
					assertThat(emulator.highConcurrencySparkSessions()).isZero();
				});
			}
			finally {
				users.shutdownNow();
			}
		}
	}

	@Test
	void replsAreIsolatedFromEachOther() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator, (livy) -> {
				LivySession first = livy.acquireHighConcurrencySession("isolation");
				LivySession second = livy.acquireHighConcurrencySession("isolation");
				first.sql("CREATE LOCAL TEMPORARY TABLE mine (x INT)");
				assertThat(emulator.highConcurrencySparkSessions()).isEqualTo(1);
				assertThatExceptionOfType(LivyStatementException.class)
					.isThrownBy(() -> second.sql("SELECT * FROM mine"));
			});
			assertThat(emulator.highConcurrencySessionIds()).as("released at shutdown").isEmpty();
		}
	}

	@Test
	void aThrottledAcquisitionWaitsAndAcquiresOnce() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			emulator.inject("POST", HC, 1, Fault.throttled(Duration.ofSeconds(1)));
			LivyTestServices.run(emulator, (livy) -> {
				livy.acquireHighConcurrencySession("reports");
				assertThat(emulator.requests("POST", HC)).extracting("status").containsExactly(429, 202);
				assertThat(emulator.highConcurrencySessionIds()).hasSize(1);
			});
		}
	}

	@Test
	void aFailedReleaseIsRetriedAtShutdown() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator, (livy) -> {
				LivySession session = livy.acquireHighConcurrencySession("reports");
				// every attempt of the close fails; the next DELETE, at shutdown, succeeds
				emulator.inject("DELETE", HC + "/[^/]+", LivyTestServices.RETRY.maxAttempts(), Fault.status(500));
				assertThatExceptionOfType(LivyException.class).isThrownBy(session::close);
				assertThat(livy.openSessions()).containsExactly(session);
				assertThat(emulator.highConcurrencySessionIds()).hasSize(1);
			});
			assertThat(emulator.highConcurrencySessionIds()).isEmpty();
		}
	}

	@Test
	void apacheLivyRefusesWithAClearMessage() {
		try (LivyEmulator emulator = LivyEmulator.apache()) {
			LivyTestServices.run(emulator, (livy) -> {
				assertThatExceptionOfType(LivyException.class)
					.isThrownBy(() -> livy.acquireHighConcurrencySession("reports"))
					.withMessageContaining("Microsoft Fabric")
					.withMessageContaining("startSession()");
				assertThat(emulator.requests()).isEmpty();
			});
		}
	}

	@Test
	void aBlankTagIsRefused() {
		try (LivyEmulator emulator = LivyEmulator.fabric()) {
			LivyTestServices.run(emulator, (livy) -> assertThatIllegalArgumentException()
				.isThrownBy(() -> livy.acquireHighConcurrencySession(" "))
				.withMessageContaining("sessionTag"));
		}
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
