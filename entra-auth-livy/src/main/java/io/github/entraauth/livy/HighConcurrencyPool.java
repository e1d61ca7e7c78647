package io.github.entraauth.livy;

import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * Fabric high-concurrency sessions with one tag, shared by an application's callers: a call borrows an idle
 * REPL or acquires a new one, and gives it back afterwards, so concurrent callers run in parallel on REPLs that
 * Fabric packs onto shared Spark sessions (five each) and later callers reuse them. REPLs the reaper closed
 * are dropped. Close the pool to release its REPLs; the service releases them when it closes too.
 */
public final class HighConcurrencyPool implements AutoCloseable {

	private final LivyService service;

	private final String sessionTag;

	private final Deque<LivySession> idle = new ConcurrentLinkedDeque<>();

	private final Set<LivySession> held = ConcurrentHashMap.newKeySet();

	HighConcurrencyPool(LivyService service, String sessionTag) {
		this.service = service;
		this.sessionTag = sessionTag;
	}

	/**
	 * Runs work on a REPL of its own for the duration of the call.
	 * @param <T> the result type
	 * @param work what to run, for example {@code (repl) -> repl.sql("SELECT 1")}
	 * @return the work's result
	 */
	public <T> T withSession(Function<LivySession, T> work) {
		LivySession session = borrow();
		try {
			return work.apply(session);
		}
		finally {
			if (!session.isClosed()) {
				this.idle.addFirst(session);
			}
		}
	}

	/**
	 * Runs a SQL statement on a REPL of its own and waits for its rows.
	 * @param sql the SQL
	 * @return the result
	 */
	public StatementResult sql(String sql) {
		return withSession((session) -> session.sql(sql));
	}

	/**
	 * Runs code on a REPL of its own and waits for its result.
	 * @param kind the statement kind
	 * @param code the code
	 * @return the result
	 */
	public StatementResult run(String kind, String code) {
		return withSession((session) -> session.run(kind, code));
	}

	/**
	 * How many REPLs the pool holds, busy or idle.
	 * @return the count
	 */
	public int size() {
		this.held.removeIf(LivySession::isClosed);
		return this.held.size();
	}

	/**
	 * Releases every REPL the pool holds. A release that fails leaves that REPL tracked by the service,
	 * which releases it again when it closes.
	 */
	@Override
	public void close() {
		this.idle.clear();
		for (LivySession session : this.held) {
			try {
				session.close();
			}
			catch (LivyException ex) {
				// still tracked by the service's keeper, which retries at shutdown
			}
		}
		this.held.removeIf(LivySession::isClosed);
	}

	private LivySession borrow() {
		LivySession session;
		while ((session = this.idle.pollFirst()) != null) {
			if (!session.isClosed()) {
				return session;
			}
			this.held.remove(session);
		}
		session = this.service.acquireHighConcurrencySession(this.sessionTag);
		this.held.add(session);
		return session;
	}

}
