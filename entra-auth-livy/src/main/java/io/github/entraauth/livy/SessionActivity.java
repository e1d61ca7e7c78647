package io.github.entraauth.livy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the use of Livy sessions is recorded, so that several instances of one application share it: the last use
 * by any instance decides when a session is idle, exactly one instance closes an idle session, an instance that
 * shuts down leaves open the sessions other instances use, and an instance that attaches to a session another
 * instance started takes over its keep-alive and reaping. The default, {@link #local()}, sees this instance only.
 */
public interface SessionActivity {

	/**
	 * Records that this instance used a session.
	 * @param sessionId the session id
	 * @param at when
	 */
	void used(String sessionId, Instant at);

	/**
	 * The last use of a session by any instance.
	 * @param sessionId the session id
	 * @return when, or empty if no use is recorded
	 */
	Optional<Instant> lastUsed(String sessionId);

	/**
	 * Whether another instance has used the session, so this one must not close it when it shuts down.
	 * @param sessionId the session id
	 * @return whether another instance used it
	 */
	boolean usedElsewhere(String sessionId);

	/**
	 * Whether an instance of this application uses the session, so that one attaching to it looks after it too.
	 * @param sessionId the session id
	 * @return whether any use is recorded
	 */
	default boolean known(String sessionId) {
		return lastUsed(sessionId).isPresent();
	}

	/**
	 * Claims the closing of an idle session: exactly one instance gets {@code true}, again on every call, so that it
	 * retries a close that failed.
	 * @param sessionId the session id
	 * @return whether this caller closes it
	 */
	boolean claimClose(String sessionId);

	/**
	 * Forgets a session once it is closed.
	 * @param sessionId the session id
	 */
	void closed(String sessionId);

	/**
	 * Records that this instance no longer uses a session it leaves open (it is shutting down), so that the last
	 * instance to use it closes it.
	 * @param sessionId the session id
	 */
	void released(String sessionId);

	/**
	 * The activity of this instance alone: nothing is used elsewhere, and no attached session is taken over.
	 * @return a new in-memory record
	 */
	static SessionActivity local() {
		return new SessionActivity() {

			private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();

			@Override
			public void used(String sessionId, Instant at) {
				this.lastUse.merge(sessionId, at, (a, b) -> a.isAfter(b) ? a : b);
			}

			@Override
			public Optional<Instant> lastUsed(String sessionId) {
				return Optional.ofNullable(this.lastUse.get(sessionId));
			}

			@Override
			public boolean usedElsewhere(String sessionId) {
				return false;
			}

			@Override
			public boolean known(String sessionId) {
				return false;
			}

			@Override
			public boolean claimClose(String sessionId) {
				return true;
			}

			@Override
			public void closed(String sessionId) {
				this.lastUse.remove(sessionId);
			}

			@Override
			public void released(String sessionId) {
				this.lastUse.remove(sessionId);
			}

		};
	}

}
