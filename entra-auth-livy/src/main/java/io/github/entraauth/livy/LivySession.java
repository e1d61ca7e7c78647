package io.github.entraauth.livy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An interactive Livy session. Statements run one after another. Close it when done (it is
 * {@link AutoCloseable}); sessions left open are closed by the reaper or at shutdown.
 */
public final class LivySession implements AutoCloseable {

	static final Set<String> ENDED = Set.of("dead", "killed", "error", "shutting_down", "success",
			"cancelled", "canceled");

	private final LivyService service;

	private final String id;

	private final @Nullable String name;

	private final String kind;

	private final Instant createdAt;

	private final SessionPaths paths;

	private final AtomicBoolean closed = new AtomicBoolean();

	/** One delete at a time, so the reaper and the application do not both send it. */
	private final Object closing = new Object();

	private volatile Instant lastUsed;

	private volatile Instant lastKeepAlive;

	LivySession(LivyService service, String id, @Nullable String name, String kind, Instant createdAt) {
		this(service, id, name, kind, createdAt, SessionPaths.session(id, service.protocol()));
	}

	LivySession(LivyService service, String id, @Nullable String name, String kind, Instant createdAt,
			SessionPaths paths) {
		this.service = service;
		this.paths = paths;
		this.id = id;
		this.name = name;
		this.kind = kind;
		this.createdAt = createdAt;
		this.lastUsed = service.clock().instant();
		this.lastKeepAlive = this.lastUsed;
	}

	/**
	 * The session id.
	 * @return the id (an int on Apache, a GUID on Fabric)
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The unique name this session was created with.
	 * @return the name, or {@code null} for an attached session
	 */
	public @Nullable String name() {
		return this.name;
	}

	/**
	 * The default kind of this session's statements.
	 * @return the kind
	 */
	public String kind() {
		return this.kind;
	}

	/**
	 * Reads the session from the server.
	 * @return the session
	 * @throws LivyException if the server no longer knows it
	 */
	public SessionInfo info() {
		return this.service.protocol()
			.session(this.service.client()
				.send(LivyRequest.get(this.paths.self()).retryingNotFoundUntil(notFoundUntil()))
				.body());
	}

	/**
	 * The current state, lower case ({@code starting}, {@code idle}, {@code busy}, {@code dead}, ...).
	 * @return the state
	 */
	public String state() {
		return info().state();
	}

	/**
	 * Waits, at most {@link LivyPollPolicy#sessionStartTimeout()}, until the session is idle.
	 * @return this session
	 * @throws LivyException if the session ends instead
	 * @throws LivyTimeoutException if it is not idle in time
	 */
	public LivySession awaitIdle() {
		return awaitIdle(this.service.settings().poll().sessionStartTimeout());
	}

	/**
	 * Waits until the session is idle.
	 * @param timeout the longest wait
	 * @return this session
	 */
	public LivySession awaitIdle(Duration timeout) {
		this.service.poll("session " + this.id + " to become idle", timeout, () -> {
			touch();
			SessionInfo info = info();
			if (info.state().equals("idle")) {
				return info;
			}
			if (ENDED.contains(info.state())) {
				List<String> log = info.log();
				throw new LivyException("Livy session " + this.id + " ended in state " + info.state()
						+ (log.isEmpty() ? "" : "; last log line: " + log.get(log.size() - 1)));
			}
			return null;
		});
		return this;
	}

	/**
	 * Submits code of the session's kind.
	 * @param code the code
	 * @return the running statement
	 */
	public Statement submit(String code) {
		return submit(this.kind, code);
	}

	/**
	 * Submits code. Never retried after a lost response, since the code may have run.
	 * @param kind {@code spark}, {@code pyspark}, {@code sparkr} or {@code sql}
	 * @param code the code
	 * @return the running statement
	 */
	public Statement submit(String kind, String code) {
		touch();
		JsonNode body = this.service.client()
			.send(LivyRequest.post(this.paths.statements(),
					this.service.protocol().statementRequest(kind, code), LivyRequest.Repeat.NEVER))
			.body();
		return new Statement(this, LivyProtocol.id(body), kind, code, this.service.clock().instant());
	}

	/**
	 * Runs code of the session's kind and waits for its result.
	 * @param code the code
	 * @return the result
	 * @throws LivyStatementException if the code raised an error
	 */
	public StatementResult run(String code) {
		return submit(code).await();
	}

	/**
	 * Runs code and waits for its result.
	 * @param kind the statement kind
	 * @param code the code
	 * @return the result
	 * @throws LivyStatementException if the code raised an error
	 */
	public StatementResult run(String kind, String code) {
		return submit(kind, code).await();
	}

	/**
	 * Runs a SQL statement and waits for its rows.
	 * @param sql the SQL
	 * @return the result, with {@link StatementResult#table()} set for queries
	 */
	public StatementResult sql(String sql) {
		return run("sql", sql);
	}

	/**
	 * {@link #run(String, String)} on another thread.
	 * @param kind the statement kind
	 * @param code the code
	 * @return the future result
	 */
	public CompletableFuture<StatementResult> runAsync(String kind, String code) {
		return CompletableFuture.supplyAsync(() -> run(kind, code), this.service.executor());
	}

	/**
	 * A handle on a statement submitted earlier.
	 * @param statementId the statement id
	 * @return the handle
	 */
	public Statement statement(String statementId) {
		return new Statement(this, statementId, this.kind, "", Instant.EPOCH);
	}

	/**
	 * The session log: {@code GET /sessions/{id}/log} on Apache, the session's {@code log} on Fabric.
	 * @return the log lines
	 */
	public List<String> log() {
		if (this.service.dialect() == LivyDialect.APACHE) {
			return LivyProtocol.lines(this.service.get("/sessions/" + this.id + "/log?from=0&size=10000").get("log"));
		}
		return info().log();
	}

	/**
	 * Tells the server the session is in use ({@code /connect} on Apache, {@code reset-timeout}
	 * on Fabric), which polling does not. The service does this on its own for sessions in use.
	 */
	public void keepAlive() {
		touch();
		sendKeepAlive();
	}

	/**
	 * Whether this session was closed through this handle or the service.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Deletes the session on the server. Closing twice, or a session the server already dropped,
	 * is fine. A failed delete leaves the session open and tracked, so the reaper or shutdown tries
	 * again: a session the server still bills is never forgotten.
	 * @throws LivyException if the delete fails
	 */
	@Override
	public void close() {
		synchronized (this.closing) {
			if (!this.closed.get()) {
				this.service.delete(this.paths.self());
				this.closed.set(true);
				this.service.keeper().untrack(this);
				this.service.activity().closed(this.id);
			}
		}
	}

	/** Records that the session was deleted through another handle, without a request of its own. */
	void markClosed() {
		if (this.closed.compareAndSet(false, true)) {
			this.service.keeper().untrack(this);
		}
	}

	void sendKeepAlive() {
		this.lastKeepAlive = this.service.clock().instant();
		this.service.client()
			.send(LivyRequest.post(this.paths.keepAlive(), null, LivyRequest.Repeat.IDEMPOTENT));
	}

	void touch() {
		this.lastUsed = this.service.clock().instant();
		this.service.activity().used(this.id, this.lastUsed);
	}

	String statementsPath() {
		return this.paths.statements();
	}

	Instant lastUsed() {
		return this.lastUsed;
	}

	Instant lastKeepAlive() {
		return this.lastKeepAlive;
	}

	LivyService service() {
		return this.service;
	}

	Instant notFoundUntil() {
		return this.createdAt.plus(this.service.client().retry().notFoundWindow());
	}

	@Override
	public String toString() {
		return "LivySession[id=" + this.id + ", name=" + this.name + "]";
	}

}
