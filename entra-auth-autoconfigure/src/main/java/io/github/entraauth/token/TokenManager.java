package io.github.entraauth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.credential.EntraIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds the current Entra ID access token for one identity and one scope and replaces it in
 * the background before it expires.
 * <p>
 * {@link #token()} reads a volatile field and compares two longs once a token is held: no lock,
 * no allocation. Fetches are single-flight and bounded by the fetch timeout; failures are
 * retried with jittered exponential backoff for as long as the manager is open, callers without a
 * valid token get the last error at once until the next attempt is due, and the current token
 * keeps being served until it really expires. A token that arrives with less than a second to
 * live counts as a failure.
 */
public final class TokenManager implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TokenManager.class);

	/** A token with less than this left is useless to every integration: it counts as a failure. */
	static final long MIN_REMAINING_MILLIS = 1_000;

	/** No two fetches start closer together than this, whatever callers or clocks ask for. */
	static final long MIN_FETCH_INTERVAL_MILLIS = 1_000;

	private final EntraIdentity identity;

	private final String scope;

	private final RefreshSettings settings;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final Executor fetchExecutor;

	private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();

	private final List<TokenFetchObserver> observers = new CopyOnWriteArrayList<>();

	private final AtomicReference<@Nullable CompletableFuture<AccessToken>> inFlight = new AtomicReference<>();

	private final AtomicLong fetches = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong backoffRejections = new AtomicLong();

	private final AtomicLong cacheBypasses = new AtomicLong();

	private final AtomicBoolean clockSkewReported = new AtomicBoolean();

	private volatile @Nullable Current current;

	private volatile @Nullable ScheduledFuture<?> nextRefresh;

	private volatile @Nullable Instant nextRefreshAt;

	private volatile @Nullable Instant lastRefresh;

	private volatile long lastFetchStartedMillis = Long.MIN_VALUE;

	private volatile long nextAttemptMillis;

	private volatile int consecutiveFailures;

	private volatile @Nullable Throwable lastError;

	private volatile boolean closed;

	/** Touches no azure class: a manager created during the start loads none until its first fetch. */
	TokenManager(EntraIdentity identity, String scope, RefreshSettings settings, Clock clock,
			ScheduledExecutorService scheduler, Executor fetchExecutor) {
		this.identity = identity;
		this.scope = scope;
		this.settings = settings;
		this.clock = clock;
		this.scheduler = scheduler;
		this.fetchExecutor = fetchExecutor;
	}

	/**
	 * The scope this manager obtains tokens for.
	 * @return the scope
	 */
	public String scope() {
		return this.scope;
	}

	/**
	 * A description of the identity, without secrets.
	 * @return the identity description
	 */
	public String identity() {
		return this.identity.description();
	}

	/**
	 * Returns the current token. Once a token is held this never blocks; only when no valid token
	 * exists does it wait, at most the fetch timeout, for the single fetch in flight. While the
	 * last fetch failed and the next attempt is not yet due it fails at once with that error.
	 * @return a token that has not expired
	 * @throws TokenUnavailableException if no valid token could be obtained
	 */
	public AccessToken token() {
		Current held = this.current;
		if (held != null && this.clock.millis() < held.expiresAtMillis) {
			return held.token;
		}
		return await(fetch(true));
	}

	/**
	 * Replaces the current token now (for example after a server rejected it) and waits for the
	 * new one, at most the fetch timeout. Concurrent callers share one fetch, and a call within a
	 * second of the last fetch's start first waits for that second to pass, so callers cost at
	 * most one request per second. While failed fetches back off it returns the current token if
	 * it is still valid, and fails at once with the last error if not.
	 * @return the new token, or the current one as described
	 * @throws TokenUnavailableException if no valid token could be obtained
	 */
	public AccessToken refresh() {
		Current seen = this.current;
		CompletableFuture<AccessToken> running = this.inFlight.get();
		// a fetch under way answers, unless it is the one that stored the token the caller wants replaced
		AccessToken joined = (running != null) ? await(running) : null;
		if (joined != null && (seen == null || !joined.getToken().equals(seen.token.getToken()))) {
			return joined;
		}
		long wait = this.lastFetchStartedMillis + MIN_FETCH_INTERVAL_MILLIS - this.clock.millis();
		if (wait > 0 && this.lastError == null) {
			try {
				Thread.sleep(Math.min(wait, MIN_FETCH_INTERVAL_MILLIS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return await(fetch(true));
	}

	/**
	 * Adds a listener told about every new token from now on.
	 * @param listener the listener
	 */
	public void addListener(TokenListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener added with {@link #addListener(TokenListener)}.
	 * @param listener the listener
	 */
	public void removeListener(TokenListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Adds an observer of fetch outcomes (for metrics).
	 * @param observer the observer
	 */
	public void addFetchObserver(TokenFetchObserver observer) {
		this.observers.add(observer);
	}

	/**
	 * Calls that found no valid token while failed fetches backed off, and got the last error
	 * without a new request to the credential.
	 * @return the count since startup
	 */
	public long backoffRejections() {
		return this.backoffRejections.get();
	}

	/**
	 * Refreshes for which the credential's cache returned the token already held, so that a
	 * renewable credential was asked for a new one.
	 * @return the count since startup
	 */
	public long cacheBypasses() {
		return this.cacheBypasses.get();
	}

	/**
	 * A snapshot of this manager's state, without the token.
	 * @return the status
	 */
	public TokenStatus status() {
		Current held = this.current;
		Throwable error = this.lastError;
		return new TokenStatus(this.scope, identity(),
				(held != null) ? Instant.ofEpochMilli(held.expiresAtMillis) : null, this.lastRefresh,
				this.nextRefreshAt, this.consecutiveFailures, (error != null) ? error.getClass().getName() : null,
				(error != null) ? Redaction.redact(error.getMessage()) : null, this.fetches.get(), this.failures.get());
	}

	/** The first background fetch, unless one started already (a caller's, which then schedules the refreshes). */
	void start() {
		if (this.lastFetchStartedMillis != Long.MIN_VALUE || this.inFlight.get() != null) {
			return;
		}
		try {
			this.scheduler.execute(this::refreshInBackground);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Token refresh scheduler is shut down; the first token is fetched on demand");
		}
	}

	@Override
	public void close() {
		this.closed = true;
		ScheduledFuture<?> scheduled = this.nextRefresh;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		this.listeners.clear();
	}

	private void refreshInBackground() {
		if (!this.closed) {
			fetch(false);
		}
	}

	/**
	 * The fetch in flight, a new one, or (for callers, not the background refresh) an immediate
	 * answer while failures back off or the last fetch has just started.
	 */
	CompletableFuture<AccessToken> fetch(boolean caller) {
		while (true) {
			CompletableFuture<AccessToken> running = this.inFlight.get();
			if (running != null) {
				return running;
			}
			if (caller) {
				Current before = this.current;
				CompletableFuture<AccessToken> answer = answerWithoutFetching(this.clock.millis());
				if (answer != null) {
					// a fetch that started meanwhile, or the token it stored, wins over the answer read before it
					CompletableFuture<AccessToken> started = this.inFlight.get();
					if (started != null) {
						return started;
					}
					if (this.current != before) {
						continue;
					}
					return answer;
				}
			}
			CompletableFuture<AccessToken> mine = new CompletableFuture<>();
			if (this.inFlight.compareAndSet(null, mine)) {
				startFetch(mine);
				return mine;
			}
		}
	}

	private @Nullable CompletableFuture<AccessToken> answerWithoutFetching(long now) {
		Current held = this.current;
		boolean valid = held != null && now < held.expiresAtMillis;
		Throwable error = this.lastError;
		if (error != null && now < this.nextAttemptMillis) {
			if (valid) {
				return CompletableFuture.completedFuture(held.token);
			}
			this.backoffRejections.incrementAndGet();
			return CompletableFuture.failedFuture(error);
		}
		if (valid && now < this.lastFetchStartedMillis + MIN_FETCH_INTERVAL_MILLIS) {
			return CompletableFuture.completedFuture(held.token);
		}
		return null;
	}

	private void startFetch(CompletableFuture<AccessToken> result) {
		long started = System.nanoTime();
		this.lastFetchStartedMillis = this.clock.millis();
		Current held = this.current;
		CompletableFuture<AccessToken> call;
		try {
			call = CompletableFuture.supplyAsync(() -> obtain(held), this.fetchExecutor);
		}
		catch (Throwable ex) {
			// RejectedExecutionException, or "unable to create native thread": must not wedge the manager
			complete(result, null, ex, started);
			return;
		}
		call.orTimeout(this.settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((token, error) -> complete(result, token, error, started));
	}

	private AccessToken obtain(@Nullable Current held) {
		TokenRequestContext request = new TokenRequestContext().addScopes(this.scope);
		TokenCredential credential = this.identity.credential();
		AccessToken token = credential.getTokenSync(request);
		if (held != null && token != null && held.token.getToken().equals(token.getToken())
				&& credential instanceof RenewableTokenCredential renewable) {
			this.cacheBypasses.incrementAndGet();
			return renewable.renewTokenSync(request);
		}
		return token;
	}

	/**
	 * Records the outcome, clears the in-flight marker and completes the waiters, and only then
	 * tells observers and listeners, so none of them can leave the future incomplete or deadlock
	 * by asking this manager for a token.
	 */
	private void complete(CompletableFuture<AccessToken> result, @Nullable AccessToken token,
			@Nullable Throwable error, long started) {
		long nanos = System.nanoTime() - started;
		Throwable failure = (error != null) ? TokenFetchException.unwrap(error) : null;
		boolean announce = false;
		try {
			if (failure == null) {
				failure = validate(token);
			}
			if (failure == null) {
				announce = onSuccess(token);
			}
			else {
				onFailure(failure);
			}
		}
		catch (Throwable ex) {
			failure = (failure != null) ? failure : ex;
			logger.error("Token bookkeeping for scope " + this.scope + " failed: " + Redaction.redact(ex.toString()));
		}
		finally {
			// cleared before completion so a caller woken by it can start a new fetch
			this.inFlight.compareAndSet(result, null);
			if (failure == null) {
				result.complete(token);
			}
			else {
				result.completeExceptionally(failure);
			}
		}
		notifyObservers(nanos, failure);
		if (announce && token != null) {
			notifyListeners(token);
		}
	}

	private @Nullable Throwable validate(@Nullable AccessToken token) {
		if (token == null || token.getToken() == null || token.getExpiresAt() == null) {
			return new IllegalStateException("The credential returned no token");
		}
		long now = this.clock.millis();
		long expiresAt = token.getExpiresAt().toInstant().toEpochMilli();
		if (expiresAt - now >= MIN_REMAINING_MILLIS) {
			return null;
		}
		if (this.clockSkewReported.compareAndSet(false, true)) {
			logger.warn("The credential returned a token for scope " + this.scope + " that expires at "
					+ Instant.ofEpochMilli(expiresAt) + " while this machine's clock says " + Instant.ofEpochMilli(now)
					+ ": if the token is new, this clock is ahead (check NTP); the token is treated as a failed fetch");
		}
		return new IllegalStateException("The credential returned a token that expires at "
				+ Instant.ofEpochMilli(expiresAt) + ", less than " + MIN_REMAINING_MILLIS + " ms from now");
	}

	/** Returns whether the token is new, so that listeners must hear of it. */
	private boolean onSuccess(AccessToken token) {
		long now = this.clock.millis();
		long expiresAt = token.getExpiresAt().toInstant().toEpochMilli();
		Current previous = this.current;
		boolean unchanged = previous != null && previous.token.getToken().equals(token.getToken());
		this.current = new Current(token, expiresAt);
		this.lastRefresh = Instant.ofEpochMilli(now);
		this.consecutiveFailures = 0;
		this.lastError = null;
		this.nextAttemptMillis = 0;
		this.fetches.incrementAndGet();
		long delay = unchanged ? RefreshSettings.afterCredentialCacheMillis(expiresAt - now)
				: this.settings.refreshDelayMillis(expiresAt - now, token.getRefreshAt(), now);
		delay = schedule(Math.max(delay, MIN_FETCH_INTERVAL_MILLIS));
		if (logger.isDebugEnabled()) {
			logger.debug((unchanged ? "The credential returned the token already held for scope "
					: "Obtained token for scope ") + this.scope + " (" + identity() + "), expires at "
					+ Instant.ofEpochMilli(expiresAt) + ", next refresh in " + delay + " ms");
		}
		return !unchanged;
	}

	private void onFailure(Throwable cause) {
		this.failures.incrementAndGet();
		int failed = ++this.consecutiveFailures;
		this.lastError = cause;
		long delay = Math.max(RefreshSettings.jitter(this.settings.backoffMillis(failed), 2), MIN_FETCH_INTERVAL_MILLIS);
		this.nextAttemptMillis = this.clock.millis() + delay;
		schedule(delay);
		logger.warn("Could not obtain a token for scope " + this.scope + " (" + identity() + "), attempt " + failed
				+ ", retrying in " + delay + " ms: " + TokenFetchException.describe(cause));
	}

	private void notifyObservers(long nanos, @Nullable Throwable failure) {
		for (TokenFetchObserver observer : this.observers) {
			try {
				observer.fetched(this, nanos, failure);
			}
			catch (Throwable ex) {
				logger.warn("Token fetch observer for scope " + this.scope + " failed: "
						+ Redaction.redact(ex.toString()));
			}
		}
	}

	private void notifyListeners(AccessToken token) {
		for (TokenListener listener : this.listeners) {
			try {
				listener.tokenRefreshed(token);
			}
			catch (Throwable ex) {
				logger.warn("Token listener for scope " + this.scope + " failed: " + Redaction.redact(ex.toString()));
			}
		}
	}

	private synchronized long schedule(long delayMillis) {
		if (this.closed) {
			return delayMillis;
		}
		ScheduledFuture<?> previous = this.nextRefresh;
		if (previous != null) {
			previous.cancel(false);
		}
		this.nextRefreshAt = Instant.ofEpochMilli(this.clock.millis() + delayMillis);
		try {
			this.nextRefresh = this.scheduler.schedule(this::refreshInBackground, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Token refresh scheduler is shut down; no background refresh for scope " + this.scope);
		}
		return delayMillis;
	}

	private AccessToken await(CompletableFuture<AccessToken> fetch) {
		Throwable cause;
		try {
			AccessToken token = fetch.get(this.settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (this.clock.millis() < token.getExpiresAt().toInstant().toEpochMilli()) {
				return token;
			}
			cause = new IllegalStateException("The token expired while it was handed over");
		}
		catch (ExecutionException ex) {
			cause = TokenFetchException.unwrap(ex);
		}
		catch (TimeoutException ex) {
			cause = new TimeoutException("No token within " + this.settings.fetchTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cause = ex;
		}
		Current held = this.current;
		if (held != null && this.clock.millis() < held.expiresAtMillis) {
			return held.token;
		}
		throw new TokenUnavailableException(this.scope, "No valid Entra ID token for scope '" + this.scope + "' ("
				+ identity() + "): " + TokenFetchException.describe(cause) + retrying(), TokenFetchException.sanitized(cause));
	}

	private String retrying() {
		long next = this.nextAttemptMillis;
		return (this.lastError != null && next > 0) ? "; next attempt at " + Instant.ofEpochMilli(next) : "";
	}

	private record Current(AccessToken token, long expiresAtMillis) {
	}

}
