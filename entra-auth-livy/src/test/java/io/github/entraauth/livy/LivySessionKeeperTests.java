package io.github.entraauth.livy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.github.entraauth.test.livy.LivyEmulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keep-alive stops the server from idling out a session in use, the reaper closes sessions the
 * application stopped using, and shutdown closes every session the application created.
 */
class LivySessionKeeperTests {

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void keepAliveStopsTheServerFromExpiringASessionInUse(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect).sessionIdleTimeout(Duration.ofMillis(600))) {
			run(emulator, (livy) -> {
				LivySession session = livy.startSession();
				await().during(Duration.ofMillis(1500))
					.atMost(Duration.ofSeconds(3))
					.until(() -> emulator.sessionIds().contains(session.id()));
				assertThat(emulator.expiredSessions()).isEmpty();
				String keepAlive = (dialect == LivyEmulator.Dialect.FABRIC) ? "/sessions/[^/]+/reset-timeout"
						: "/sessions/[^/]+/connect";
				assertThat(emulator.requests("POST", keepAlive)).hasSizeGreaterThanOrEqualTo(3);
				assertThat(session.sql("select 1 as one").table().rows()).containsExactly(List.of(1));
			}, (builder) -> builder.sessionDefaults(LivyTestServices.sessions(Duration.ofMillis(150), Duration.ofSeconds(30))));
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void withoutKeepAliveTheServerExpiresTheSessionEvenWhileItIsPolled(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect).sessionIdleTimeout(Duration.ofMillis(600))) {
			run(emulator, (livy) -> {
				LivySession session = livy.startSession();
				await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
					livy.getSession(session.id());
					return emulator.expiredSessions().contains(session.id());
				});
			});
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void reaperClosesSessionsUnusedForLongerThanTheIdleTimeout(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			run(emulator, (livy) -> {
				LivySession session = livy.startSession();
				await().atMost(Duration.ofSeconds(3)).until(session::isClosed);
				assertThat(emulator.sessionIds()).isEmpty();
				assertThat(emulator.requests("DELETE", "/sessions/" + session.id())).hasSize(1);
				assertThat(livy.openSessions()).isEmpty();
			}, (builder) -> builder.sessionDefaults(LivyTestServices.sessions(Duration.ofMillis(100), Duration.ofMillis(400))));
		}
	}

	@ParameterizedTest
	@EnumSource(LivyEmulator.Dialect.class)
	void shutdownClosesEverySessionTheApplicationCreated(LivyEmulator.Dialect dialect) {
		try (LivyEmulator emulator = LivyEmulator.start(dialect)) {
			List<String> created = new ArrayList<>();
			run(emulator, (livy) -> {
				created.add(livy.startSession().id());
				created.add(livy.startSessionAsync(SessionOptions.defaults().withKind("sql")).join().id());
				created.add(livy.createSession(SessionOptions.defaults()).id());
				created.add(livy.withTokenSource(() -> "unused-by-this-emulator").startSession().id());
				assertThat(emulator.sessionIds()).containsExactlyInAnyOrderElementsOf(created);
				assertThat(livy.openSessions()).hasSize(4);
			});
			assertThat(created).hasSize(4).doesNotHaveDuplicates();
			assertThat(emulator.sessionIds()).isEmpty();
			assertThat(emulator.requests("DELETE", "/sessions/[^/]+")).hasSize(4);
		}
	}

	private static void run(LivyEmulator emulator, Consumer<LivyService> test) {
		LivyTestServices.run(emulator, test);
	}

	private static void run(LivyEmulator emulator, Consumer<LivyService> test,
			UnaryOperator<LivyServiceBuilder> settings) {
		LivyTestServices.run(emulator, settings, test);
	}

}
