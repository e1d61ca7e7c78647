package io.github.entraauth.benchmarks.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.livy.Fault;
import io.github.entraauth.test.livy.LivyEmulator;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 4: Fabric's Livy answers with every fault it has in production while sessions are
 * created, used and closed: 429 with Retry-After, 430 capacity, creates whose answer is lost (the
 * session was made) or comes too late, transient 404 and 5xx on statements, failing DELETEs. No
 * session may exist twice, and none may be left on the server once the application stopped.
 * <p>
 * Time is compressed by shorter waits: Retry-After 1 s, capacity back-off 1 s, request timeout 2 s.
 */
final class LivyFaultsScenario {

	private static final String SESSIONS = "/sessions";

	private static final String STATEMENTS = "/sessions/[^/]+/statements(/\\d+)?";

	private static final String ONE_SESSION = "/sessions/[^/]+";

	/** One create fault per session, in turn: each kind Fabric answers a create with. */
	private static final List<Fault> CREATE_FAULTS = List.of(Fault.throttled(Duration.ofSeconds(1)),
			Fault.capacityExhausted(), Fault.lostResponse(502), Fault.slow(Duration.ofSeconds(3)),
			Fault.status(503));

	/** One statement fault per session, in turn. */
	private static final List<Fault> STATEMENT_FAULTS = List.of(Fault.status(404), Fault.status(500),
			Fault.throttled(Duration.ofSeconds(1)), Fault.status(502));

	private LivyFaultsScenario() {
	}

	static ScenarioResult run(int sessions) throws Exception {
		try (EntraEmulator entra = EntraEmulator.start(); LivyEmulator livy = Peers.fabricLivy(entra)) {
			int created;
			int distinctNames;
			int failures = 0;
			int faults = 0;
			int errorFaults = 0;
			List<String> failed = new ArrayList<>();
			try (ConfigurableApplicationContext app = Peers.start(Peers.credential(entra), Peers.livy(livy),
					Map.of("entra.livy.request-timeout", "2s", "entra.livy.retry.capacity-backoff", "1s",
							"entra.livy.retry.initial-backoff", "200ms", "entra.livy.retry.max-backoff", "1s"))) {
				LivyService service = app.getBean(LivyService.class);
				List<LivySession> open = new ArrayList<>();
				for (int i = 0; i < sessions; i++) {
					Fault create = CREATE_FAULTS.get(i % CREATE_FAULTS.size());
					livy.inject("POST", SESSIONS, 1, create);
					livy.inject("GET", STATEMENTS, 1, STATEMENT_FAULTS.get(i % STATEMENT_FAULTS.size()));
					faults += 2;
					errorFaults += (create.status() >= 400) ? 2 : 1;
					try {
						LivySession session = service.startSession();
						open.add(session);
						session.sql("SELECT " + i);
					}
					catch (RuntimeException ex) {
						failures++;
						failed.add(ex.getClass().getSimpleName());
					}
				}
				created = livy.sessionIds().size();
				distinctNames = new HashSet<>(livy.sessionNames()).size();
				for (int i = 0; i < open.size(); i++) {
					if (i % 3 == 0) {
						livy.inject("DELETE", ONE_SESSION, 1, Fault.status(500));
						faults++;
						errorFaults++;
					}
					try {
						open.get(i).close();
					}
					catch (RuntimeException ex) {
						// a failed DELETE keeps the session tracked: the service deletes it again when it stops
						failed.add("close: " + ex.getClass().getSimpleName());
					}
				}
			}
			int leaked = livy.sessionIds().size();
			long errorAnswers = livy.requests().stream().filter((request) -> request.status() >= 400).count();
			int duplicates = created - distinctNames;
			String figures = sessions + " sessions asked, " + created + " created, " + duplicates + " duplicates, "
					+ leaked + " left on the server after stop, " + faults + " faults injected (" + errorAnswers
					+ " error answers sent), " + failures + " sessions or statements failed" + (failed.isEmpty() ? "" : " " + failed);
			boolean passed = created == sessions && duplicates == 0 && leaked == 0 && failures == 0
					&& errorAnswers >= errorFaults;
			return new ScenarioResult("4. Livy under 429/430/lost/slow/404/5xx",
					"Retry-After 1 s, capacity back-off 1 s, request timeout 2 s", figures,
					"0 duplicate sessions, 0 leaked sessions", passed);
		}
	}

}
