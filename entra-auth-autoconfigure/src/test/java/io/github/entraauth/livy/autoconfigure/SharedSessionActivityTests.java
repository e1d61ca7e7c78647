package io.github.entraauth.livy.autoconfigure;

import java.time.Duration;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.SessionActivity;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application sharing Livy session use through a real {@code redis-server}
 * ({@code entra.livy.session.activity-store=redis}): an instance that shuts down leaves open the sessions the other
 * uses, the instance that attached takes over, and an idle session is reaped exactly once.
 */
class SharedSessionActivityTests {

	private static final LivyEmulator livy = LivyEmulator.apache();

	private static RedisServer redis;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		redis.addUser("app", "app-password");
	}

	@AfterAll
	static void stop() {
		redis.close();
		livy.close();
	}

	@BeforeEach
	void clear() {
		livy.clearRequests();
	}

	@Test
	void stoppingTheInstanceThatStartedASessionLeavesItOpenForTheOtherWhichClosesItAtItsOwnStop() {
		String[] session = new String[1];
		instance("entra.livy.session.idle-timeout=0").run((b) -> {
			instance("entra.livy.session.idle-timeout=0").run((a) -> {
				LivySession started = a.getBean(LivyService.class).startSession();
				session[0] = started.id();
				assertThat(started.sql("SELECT 1").table().rows()).hasSize(1);
				LivySession attached = b.getBean(LivyService.class).attachSession(session[0], "sql");
				assertThat(attached.sql("SELECT 2").table().rows()).hasSize(1);
				assertThat(b.getBean(LivyService.class).openSessions()).extracting(LivySession::id)
					.as("B looks after the session A started").containsExactly(session[0]);
			});
			assertThat(livy.sessionIds()).as("still open after A stopped").contains(session[0]);
			assertThat(livy.requests("DELETE", "/sessions/.*")).isEmpty();
		});
		assertThat(livy.requests("DELETE", "/sessions/" + session[0])).as("closed by B, the last to stop").hasSize(1);
		assertThat(livy.sessionIds()).doesNotContain(session[0]);
	}

	@Test
	void aSessionIdleOnBothInstancesIsReapedExactlyOnce() {
		instance("entra.livy.session.idle-timeout=1s").run((a) -> instance("entra.livy.session.idle-timeout=1s")
			.run((b) -> {
				LivySession started = a.getBean(LivyService.class).startSession();
				b.getBean(LivyService.class).attachSession(started.id(), "sql").sql("SELECT 1");

				await().atMost(Duration.ofSeconds(30)).until(() -> !livy.sessionIds().contains(started.id()));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> a.getBean(LivyService.class).openSessions().isEmpty()
							&& b.getBean(LivyService.class).openSessions().isEmpty());

				assertThat(livy.requests("DELETE", "/sessions/" + started.id())).as("DELETEs of the idle session")
					.hasSize(1);
			}));
	}

	@Test
	void theInstanceThatClaimedAnIdleSessionRetriesAFailedClose() {
		instance("entra.livy.session.idle-timeout=1s").run((a) -> instance("entra.livy.session.idle-timeout=1s")
			.run((b) -> {
				LivySession started = a.getBean(LivyService.class).startSession();
				b.getBean(LivyService.class).attachSession(started.id(), "sql").sql("SELECT 1");
				livy.inject("DELETE", "/sessions/" + started.id(), 1, Fault.status(400));

				await().atMost(Duration.ofSeconds(30)).until(() -> !livy.sessionIds().contains(started.id()));

				assertThat(livy.requests("DELETE", "/sessions/" + started.id())).as("the refused DELETE, then one more")
					.hasSize(2);
			}));
	}

	@Test
	void aSessionUsedThroughTheOtherInstanceIsNotIdleHere() {
		instance("entra.livy.session.idle-timeout=2s").run((a) -> instance("entra.livy.session.idle-timeout=2s")
			.run((b) -> {
				LivySession started = a.getBean(LivyService.class).startSession();
				LivySession attached = b.getBean(LivyService.class).attachSession(started.id(), "sql");
				for (int i = 0; i < 6; i++) {
					attached.sql("SELECT " + i);
					Thread.sleep(500);
				}
				assertThat(livy.sessionIds()).as("used through B every 0.5 s for 3 s").contains(started.id());
			}));
	}

	@Test
	void withoutAnActivityStoreAnAttachedSessionIsNotTakenOver() {
		LivyTestContexts.runner().withPropertyValues(LivyTestContexts.fastProperties(livy)).run((context) -> {
			assertThat(context).doesNotHaveBean(SessionActivity.class);
			LivyService service = context.getBean(LivyService.class);
			LivySession started = service.startSession();
			try (LivyService other = LivyService.builder(livy.baseUrl()).build()) {
				other.attachSession(started.id(), "sql").sql("SELECT 1");
				assertThat(other.openSessions()).isEmpty();
			}
			assertThat(livy.sessionIds()).contains(started.id());
		});
	}

	@Test
	void theRedisActivityStoreWithoutRedisFailsTheStartNamingTheProperty() {
		LivyTestContexts.runner()
			.withPropertyValues(LivyTestContexts.fastProperties(livy, "entra.livy.session.activity-store=redis"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.livy.session.activity-store"));
	}

	private static ApplicationContextRunner instance(String idleTimeout) {
		return LivyTestContexts.runner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(LivyTestContexts.fastProperties(livy, "entra.livy.session.activity-store=redis",
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.username=app", "spring.data.redis.password=app-password"))
			.withPropertyValues(idleTimeout);
	}

}
