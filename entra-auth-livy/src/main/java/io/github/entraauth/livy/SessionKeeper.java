package io.github.entraauth.livy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.CustomizableThreadCreator;

/**
 * Looks after the sessions an application created: sessions in use get a keep-alive every
 * {@code keep-alive-interval}; sessions unused for longer than {@code idle-timeout} are closed;
 * {@link #close()} closes them all.
 */
final class SessionKeeper implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SessionKeeper.class);

	final Map<String, LivySession> open = new ConcurrentHashMap<>();

	private final Duration keepAliveInterval;

	private final Duration idleTimeout;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final SessionActivity activity;

	SessionKeeper(SessionDefaults settings, Clock clock, SessionActivity activity) {
		this.keepAliveInterval = settings.keepAliveInterval();
		this.idleTimeout = settings.idleTimeout();
		this.clock = clock;
		this.activity = activity;
		CustomizableThreadCreator threads = new CustomizableThreadCreator("livy-session-keeper-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads::createThread);
		executor.setRemoveOnCancelPolicy(true);
		this.scheduler = executor;
	}

	void start() {
		Duration tick = tick();
		if (tick != null) {
			this.scheduler.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	/** A quarter of the shorter enabled period, so neither is overshot by much. */
	private Duration tick() {
		Duration shortest = null;
		for (Duration period : new Duration[] { this.keepAliveInterval, this.idleTimeout }) {
			if (!period.isZero() && !period.isNegative() && (shortest == null || period.compareTo(shortest) < 0)) {
				shortest = period;
			}
		}
		return (shortest != null) ? Duration.ofMillis(Math.max(10, shortest.toMillis() / 4)) : null;
	}

	void track(LivySession session) {
		this.open.put(session.id(), session);
	}

	void untrack(LivySession session) {
		this.open.remove(session.id(), session);
	}

	private void tickSafely() {
		Instant now = this.clock.instant();
		for (LivySession session : this.open.values()) {
			try {
				if (!this.idleTimeout.isZero() && lastUsed(session).plus(this.idleTimeout).isBefore(now)) {
					reap(session);
				}
				else if (!this.keepAliveInterval.isZero()
						&& !session.lastKeepAlive().plus(this.keepAliveInterval).isAfter(now)) {
					session.sendKeepAlive();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Keep-alive or reaping of Livy session " + session.id() + " failed: " + ex.getMessage());
			}
		}
	}

	/** The last use by any instance: another instance's use keeps the session from being idle here. */
	private Instant lastUsed(LivySession session) {
		Instant local = session.lastUsed();
		return this.activity.lastUsed(session.id()).filter(local::isBefore).orElse(local);
	}

	/** Exactly one instance closes an idle session; the others only stop looking after it. */
	private void reap(LivySession session) {
		if (this.activity.claimClose(session.id())) {
			logger.info("Closing Livy session " + session.id() + ": unused for longer than " + this.idleTimeout);
			session.close();
		}
		else {
			session.markClosed();
		}
	}

	/** Closes the sessions only this instance used; those other instances use stay open for them to look after. */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		for (LivySession session : this.open.values()) {
			try {
				if (this.activity.usedElsewhere(session.id())) {
					logger.info("Leaving Livy session " + session.id() + " open: another instance uses it");
					untrack(session);
					this.activity.released(session.id());
					continue;
				}
				session.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not close Livy session " + session.id() + " at shutdown: " + ex.getMessage());
			}
		}
	}

}
