package io.github.entraauth.livy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.CustomizableThreadCreator;

/**
 * Runs Spark code through Livy, on Microsoft Fabric or Apache Livy: interactive sessions and
 * their statements, and batch jobs.
 * <p>
 * Every session this service creates is tracked: sessions in use get keep-alive calls, sessions
 * unused for longer than {@link SessionDefaults#idleTimeout()} are closed, and every session
 * still open is closed when the service closes. Build one with {@link #builder(String)}; it needs
 * no Spring Boot.
 */
public final class LivyService implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LivyService.class);

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

	private static final int PAGE_SIZE = 100;

	private final Shared shared;

	private final LivyClient client;

	private final boolean owner;

	LivyService(LivyServiceBuilder.Settings settings, LivyClient client, LivyProtocol protocol, Clock clock) {
		this.shared = new Shared(settings, protocol, clock);
		this.client = client;
		this.owner = true;
		this.shared.keeper.start();
	}

	/**
	 * Starts building a service for a Livy endpoint.
	 * @param baseUrl {@code http://host:8998} for Apache Livy, or
	 * {@code https://api.fabric.microsoft.com/v1/workspaces/{ws}/lakehouses/{lh}/livyapi/versions/2023-12-01}
	 * for Fabric
	 * @return the builder
	 */
	public static LivyServiceBuilder builder(String baseUrl) {
		return new LivyServiceBuilder(baseUrl);
	}

	private LivyService(Shared shared, LivyClient client) {
		this.shared = shared;
		this.client = client;
		this.owner = false;
	}

	/**
	 * A view of this service that authenticates with the given bearer tokens instead of the
	 * configured authentication, for example a signed-in user's delegated token. The supplier is
	 * called for every request, and once more after a 401. Sessions created through the view are
	 * tracked (keep-alive, reaper, shutdown) like the service's own.
	 * @param bearerTokens supplies a current access token for the Livy scope
	 * @return the view
	 */
	public LivyService withTokenSource(Supplier<String> bearerTokens) {
		LivyCredentials credentials = LivyCredentials.bearer(bearerTokens);
		this.shared.settings.transport().requireSafeFor(credentials);
		return new LivyService(this.shared, this.client.withCredentials(credentials));
	}

	/**
	 * The dialect this service speaks.
	 * @return the dialect
	 */
	public LivyDialect dialect() {
		return this.shared.protocol.dialect();
	}

	/**
	 * Creates a session with the configured defaults and waits until it is idle.
	 * @return the idle session; close it when done
	 */
	public LivySession startSession() {
		return startSession(SessionOptions.defaults());
	}

	/**
	 * Creates a session and waits, at most {@link LivyPollPolicy#sessionStartTimeout()}, until it
	 * is idle. A session that does not become idle is closed.
	 * @param options per-call overrides
	 * @return the idle session; close it when done
	 */
	public LivySession startSession(SessionOptions options) {
		LivySession session = createSession(options);
		try {
			return session.awaitIdle();
		}
		catch (RuntimeException ex) {
			try {
				session.close();
			}
			catch (RuntimeException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/**
	 * {@link #startSession(SessionOptions)} on another thread.
	 * @param options per-call overrides
	 * @return the future idle session
	 */
	public CompletableFuture<LivySession> startSessionAsync(SessionOptions options) {
		return CompletableFuture.supplyAsync(() -> startSession(options), this.shared.executor);
	}

	/**
	 * Creates a session without waiting for it to start. A create that fails with no answer is
	 * never blindly repeated: the session is looked up by its unique name first.
	 * @param options per-call overrides
	 * @return the session, probably still starting
	 */
	public LivySession createSession(SessionOptions options) {
		SessionDefaults defaults = this.shared.settings.sessions();
		SessionOptions merged = options.orElse(defaults);
		String name = (merged.name() != null) ? merged.name() : uniqueName(defaults.namePrefix());
		String kind = (merged.kind() != null) ? merged.kind() : defaults.kind();
		int[] version = (dialect() == LivyDialect.APACHE) ? apacheVersion() : new int[] { 0, 0 };
		ObjectNode body = this.shared.protocol.sessionRequest(name, kind, merged, version);
		this.shared.protocol.putHeartbeat(body, defaults.heartbeatTimeout());
		JsonNode created = new NamedCreate(this.client, this.shared.clock, this::listAll).create("sessions", body, name);
		SessionInfo info = this.shared.protocol.session(created);
		LivySession session = new LivySession(this, info.id(), name, kind, this.shared.clock.instant());
		this.shared.keeper.track(session);
		activity().used(session.id(), session.lastUsed());
		logger.debug("Created Livy session " + info.id() + " (" + name + ")");
		return session;
	}

	/**
	 * Acquires a Microsoft Fabric high-concurrency session: a REPL of its own on a Spark session that Fabric
	 * shares between the acquisitions with the same tag (at most five REPLs each), and waits until it is idle.
	 * Acquiring is not idempotent on Fabric, so one whose answer was lost is looked up by its unique name
	 * instead of being sent again. Close it to release the REPL; the service releases open ones when it closes.
	 * @param sessionTag the tag that packs REPLs onto one Spark session
	 * @return the idle session; its statements run in its REPL
	 * @throws LivyException on Apache Livy, which has no high-concurrency sessions
	 */
	public LivySession acquireHighConcurrencySession(String sessionTag) {
		return new HighConcurrencyAcquisition(this).acquire(sessionTag);
	}

	/**
	 * A pool of high-concurrency sessions with one tag: each call borrows an idle REPL (or acquires one), so
	 * concurrent callers run in parallel and later calls reuse REPLs instead of acquiring more.
	 * @param sessionTag the tag that packs the pool's REPLs onto shared Spark sessions
	 * @return the pool; close it to release its REPLs
	 */
	public HighConcurrencyPool highConcurrencyPool(String sessionTag) {
		return new HighConcurrencyPool(this, sessionTag);
	}

	/**
	 * A handle on an existing session, for example one created by another run. It is not closed
	 * automatically, unless another instance of this application started or used it (a shared
	 * {@link SessionActivity} knows it): then this service keeps it alive and reaps it too.
	 * @param sessionId the session id
	 * @param kind the default statement kind
	 * @return the handle
	 */
	public LivySession attachSession(String sessionId, String kind) {
		LivySession session = new LivySession(this, sessionId, null, kind, Instant.EPOCH);
		// a session another instance of this application started: this one looks after it too
		if (activity().known(sessionId)) {
			this.shared.keeper.track(session);
		}
		return session;
	}

	/**
	 * Reads a session.
	 * @param sessionId the session id
	 * @return the session, or empty if the server does not know it
	 */
	public Optional<SessionInfo> getSession(String sessionId) {
		LivyClient.Response response = this.client.send(LivyRequest.get("/sessions/" + sessionId).answeringNotFound());
		return (response.status() == 404) ? Optional.empty()
				: Optional.of(this.shared.protocol.session(response.body()));
	}

	/**
	 * Lists every session on the server, page by page.
	 * @return the sessions
	 */
	public List<SessionInfo> listSessions() {
		return listAll("sessions").stream().map(this.shared.protocol::session).toList();
	}

	/**
	 * Deletes a session with this service's authentication (a view's own token, even for a session
	 * another view created) and stops tracking it. A session that is already gone counts as closed.
	 * @param sessionId the session id
	 */
	public void closeSession(String sessionId) {
		delete("/sessions/" + sessionId);
		LivySession tracked = this.shared.keeper.open.get(sessionId);
		if (tracked != null) {
			tracked.markClosed();
		}
		activity().closed(sessionId);
	}

	/**
	 * The sessions this service created that are still open.
	 * @return the open sessions
	 */
	public List<LivySession> openSessions() {
		return List.copyOf(this.shared.keeper.open.values());
	}

	/**
	 * Submits a batch job. An unnamed batch gets a unique name so that a submit that fails with no
	 * answer can be looked up instead of repeated.
	 * @param request the batch
	 * @return the batch as submitted
	 */
	public Batch submitBatch(BatchRequest request) {
		BatchRequest named = (request.name() != null) ? request
				: request.withName(uniqueName(this.shared.settings.sessions().namePrefix() + "batch-"));
		JsonNode created = new NamedCreate(this.client, this.shared.clock, this::listAll).create("batches",
				this.shared.protocol.batchRequest(named), named.name());
		return this.shared.protocol.batch(created);
	}

	/**
	 * Reads a batch.
	 * @param batchId the batch id
	 * @return the batch
	 */
	public Batch getBatch(String batchId) {
		return this.shared.protocol
			.batch(this.client.send(LivyRequest.get("/batches/" + batchId).retryingNotFoundUntil(notFoundWindow())).body());
	}

	/**
	 * Waits, at most {@link LivyPollPolicy#batchTimeout()}, until a batch finishes.
	 * @param batchId the batch id
	 * @return the finished batch (check its state)
	 */
	public Batch awaitBatch(String batchId) {
		return awaitBatch(batchId, this.shared.settings.poll().batchTimeout());
	}

	/**
	 * Waits until a batch finishes.
	 * @param batchId the batch id
	 * @param timeout the longest wait
	 * @return the finished batch (check its state)
	 */
	public Batch awaitBatch(String batchId, Duration timeout) {
		return poll("batch " + batchId, timeout, () -> {
			Batch batch = getBatch(batchId);
			return batch.finished() ? batch : null;
		});
	}

	/**
	 * {@link #awaitBatch(String)} on another thread.
	 * @param batchId the batch id
	 * @return the future finished batch
	 */
	public CompletableFuture<Batch> awaitBatchAsync(String batchId) {
		return CompletableFuture.supplyAsync(() -> awaitBatch(batchId), this.shared.executor);
	}

	/**
	 * The log of a batch.
	 * @param batchId the batch id
	 * @return the log lines
	 */
	public List<String> batchLog(String batchId) {
		if (dialect() == LivyDialect.APACHE) {
			return LivyProtocol.lines(get("/batches/" + batchId + "/log?from=0&size=10000").get("log"));
		}
		return getBatch(batchId).log();
	}

	/**
	 * Kills a batch. A batch that is already gone counts as killed.
	 * @param batchId the batch id
	 */
	public void killBatch(String batchId) {
		delete("/batches/" + batchId);
	}

	/**
	 * Closes every session this service created. Views made with {@link #withTokenSource} share
	 * the service's sessions and close nothing themselves.
	 */
	@Override
	public void close() {
		if (this.owner) {
			this.shared.keeper.close();
			this.shared.executor.shutdownNow();
		}
	}

	LivyClient client() {
		return this.client;
	}

	LivyProtocol protocol() {
		return this.shared.protocol;
	}

	LivyServiceBuilder.Settings settings() {
		return this.shared.settings;
	}

	Clock clock() {
		return this.shared.clock;
	}

	ExecutorService executor() {
		return this.shared.executor;
	}

	SessionKeeper keeper() {
		return this.shared.keeper;
	}

	SessionActivity activity() {
		return this.shared.settings.activity();
	}

	Instant notFoundWindow() {
		return this.shared.clock.instant().plus(this.client.retry().notFoundWindow());
	}

	JsonNode get(String path) {
		return this.client.send(LivyRequest.get(path)).body();
	}

	void delete(String path) {
		this.client.send(LivyRequest.delete(path));
	}

	/** Polls until {@code attempt} returns a value, backing off from the initial to the max interval. */
	<T> T poll(String what, Duration timeout, Supplier<@Nullable T> attempt) {
		LivyPollPolicy settings = this.shared.settings.poll();
		Instant deadline = this.shared.clock.instant().plus(timeout);
		Duration interval = settings.initialInterval();
		while (true) {
			T value = attempt.get();
			if (value != null) {
				return value;
			}
			Instant now = this.shared.clock.instant();
			if (!now.isBefore(deadline)) {
				throw new LivyTimeoutException("Gave up waiting for " + what + " after " + timeout);
			}
			Duration remaining = Duration.between(now, deadline);
			LivyClient.sleep((interval.compareTo(remaining) < 0) ? interval : remaining);
			interval = interval.multipliedBy(2);
			if (interval.compareTo(settings.maxInterval()) > 0) {
				interval = settings.maxInterval();
			}
		}
	}

	List<JsonNode> listAll(String collection) {
		List<JsonNode> all = new ArrayList<>();
		for (int page = 0; page < 100; page++) {
			List<JsonNode> items = this.shared.protocol.items(get(this.shared.protocol.listPath(collection,
					page * PAGE_SIZE, PAGE_SIZE)));
			all.addAll(items);
			if (items.size() < PAGE_SIZE) {
				break;
			}
		}
		return all;
	}

	private int[] apacheVersion() {
		int[] known = this.shared.apacheVersion.get();
		if (known != null) {
			return known;
		}
		int[] version = LivyProtocol.parseVersion(this.shared.settings.apacheVersion());
		if (version == null) {
			LivyClient.Response response = this.client.send(LivyRequest.get("/version").answeringNotFound());
			String reported = (response.status() == 404) ? null : LivyClient.text(response.body(), "version");
			version = LivyProtocol.parseVersion(reported);
			if (version == null) {
				// 0.7 is the most conservative choice: it gets neither ttl nor idleTimeout
				logger.info("Apache Livy did not report a usable version (" + reported
						+ "); sending only fields Livy 0.7 accepts. Set the Apache version (builder apacheVersion, "
						+ "entra.livy.apache-version in Spring Boot) to override.");
				version = new int[] { 0, 7 };
			}
		}
		this.shared.apacheVersion.compareAndSet(null, version);
		return version;
	}

	String uniqueName(String prefix) {
		String time = LocalDateTime.ofInstant(this.shared.clock.instant(), ZoneOffset.UTC).format(NAME_TIME);
		return prefix + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
	}

	/** State shared between a service and its token-source views. */
	private static final class Shared {

		final LivyServiceBuilder.Settings settings;

		final LivyProtocol protocol;

		final Clock clock;

		final AtomicReference<int @Nullable []> apacheVersion = new AtomicReference<>();

		final ExecutorService executor;

		final SessionKeeper keeper;

		Shared(LivyServiceBuilder.Settings settings, LivyProtocol protocol, Clock clock) {
			this.settings = settings;
			this.protocol = protocol;
			this.clock = clock;
			CustomizableThreadCreator threads = new CustomizableThreadCreator("livy-");
			threads.setDaemon(true);
			this.executor = Executors.newCachedThreadPool(threads::createThread);
			this.keeper = new SessionKeeper(settings.sessions(), clock, settings.activity());
		}

	}

}
