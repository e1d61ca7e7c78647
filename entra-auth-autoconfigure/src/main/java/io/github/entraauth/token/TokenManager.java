package io.github.entraauth.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds the current Entra ID access token for one identity and one scope and replaces it in
 * the background before it expires.
 * <p>
 * {@link #token()} reads a volatile field and compares two longs once a token is held: no lock,
 * no allocation. Fetches are single-flight and bounded by the fetch timeout; failures are
 * retried with jittered exponential backoff for as long as the manager is open, and the current
 * token keeps being served until it really expires.
 */
public final class TokenManager implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TokenManager.class);

	/**
	 * MSAL answers from its cache while a token has more than this left, so a refresh asked for
	 * earlier returns the token already held.
	 */
	static final long CREDENTIAL_CACHE_WINDOW_MILLIS = 300_000;

	private final TokenCredential credential;

	private final TokenRequestContext request;

	private final String scope;

	private final String identity;

	private final RefreshSettings settings;

	private final ScheduledExecutorService scheduler;

	private final Executor fetchExecutor;

	private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();

	private final List<TokenFetchObserver> observers = new CopyOnWriteArrayList<>();

	private final AtomicReference<@Nullable CompletableFuture<AccessToken>> inFlight = new AtomicReference<>();

	private final AtomicLong fetches = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private volatile @Nullable Current current;

	private volatile @Nullable ScheduledFuture<?> nextRefresh;

	private volatile @Nullable Instant nextRefreshAt;

	private volatile @Nullable Instant lastRefresh;

	private volatile int consecutiveFailures;

	private volatile @Nullable Throwable lastError;

	private volatile boolean closed;

	TokenManager(TokenCredential credential, String scope, String identity, RefreshSettings settings,
			ScheduledExecutorService scheduler, Executor fetchExecutor) {
		this.credential = credential;
		this.request = new TokenRequestContext().addScopes(scope);
		this.scope = scope;
		this.identity = identity;
		this.settings = settings;
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
		return this.identity;
	}

	/**
	 * Returns the current token. Once a token is held this never blocks; only when no valid token
	 * exists does it wait, at most the fetch timeout, for the single fetch in flight.
	 * @return a token that has not expired
	 * @throws TokenUnavailableException if no valid token could be obtained
	 */
	public AccessToken token() {
		Current held = this.current;
		if (held != null && System.currentTimeMillis() < held.expiresAtMillis) {
			return held.token;
		}
		return await(fetch());
	}

	/**
	 * Replaces the current token now (for example after a server rejected it) and waits for the
	 * new one, at most the fetch timeout. Concurrent callers share one fetch.
	 * @return the new token
	 * @throws TokenUnavailableException if no token could be obtained
	 */
	public AccessToken refresh() {
		return await(fetch());
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
	 * A snapshot of this manager's state, without the token.
	 * @return the status
	 */
	public TokenStatus status() {
		Current held = this.current;
		Throwable error = this.lastError;
		return new TokenStatus(this.scope, this.identity, (held != null) ? Instant.ofEpochMilli(held.expiresAtMillis) : null,
				this.lastRefresh, this.nextRefreshAt, this.consecutiveFailures,
				(error != null) ? error.getClass().getName() : null,
				(error != null) ? Redaction.redact(error.getMessage()) : null, this.fetches.get(), this.failures.get());
	}

	void start() {
		this.scheduler.execute(this::refreshInBackground);
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
			fetch();
		}
	}

	CompletableFuture<AccessToken> fetch() {
		while (true) {
			CompletableFuture<AccessToken> running = this.inFlight.get();
			if (running != null) {
				return running;
			}
			CompletableFuture<AccessToken> mine = new CompletableFuture<>();
			if (this.inFlight.compareAndSet(null, mine)) {
				startFetch(mine);
				return mine;
			}
		}
	}

	private void startFetch(CompletableFuture<AccessToken> result) {
		long started = System.nanoTime();
		CompletableFuture.supplyAsync(() -> this.credential.getTokenSync(this.request), this.fetchExecutor)
			.orTimeout(this.settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((token, error) -> {
				long nanos = System.nanoTime() - started;
				// cleared before completion so a caller woken by it can start a new fetch
				this.inFlight.compareAndSet(result, null);
				if (error == null && token != null && token.getToken() != null && token.getExpiresAt() != null) {
					onSuccess(token, nanos);
					result.complete(token);
				}
				else {
					Throwable cause = (error != null) ? unwrap(error)
							: new IllegalStateException("The credential returned no token");
					onFailure(cause, nanos);
					result.completeExceptionally(cause);
				}
			});
	}

	private void onSuccess(AccessToken token, long nanos) {
		long now = System.currentTimeMillis();
		long expiresAt = token.getExpiresAt().toInstant().toEpochMilli();
		Current previous = this.current;
		boolean unchanged = previous != null && previous.token.getToken().equals(token.getToken());
		this.current = new Current(token, expiresAt);
		this.lastRefresh = Instant.ofEpochMilli(now);
		this.consecutiveFailures = 0;
		this.lastError = null;
		this.fetches.incrementAndGet();
		long delay = unchanged ? afterCredentialCache(now, expiresAt) : refreshDelay(token, now, expiresAt);
		schedule(delay);
		if (logger.isDebugEnabled()) {
			logger.debug((unchanged ? "The credential returned the token already held for scope "
					: "Obtained token for scope ") + this.scope + " (" + this.identity + "), expires at "
					+ Instant.ofEpochMilli(expiresAt) + ", next refresh in " + delay + " ms");
		}
		this.observers.forEach((observer) -> observer.fetched(this, nanos, null));
		if (unchanged) {
			return;
		}
		for (TokenListener listener : this.listeners) {
			try {
				listener.tokenRefreshed(token);
			}
			catch (RuntimeException ex) {
				logger.warn("Token listener for scope " + this.scope + " failed: " + Redaction.redact(ex.toString()));
			}
		}
	}

	/**
	 * The credential's own cache served the held token: ask again just after MSAL's cache lets go
	 * of it (a few seconds, jittered, into its window), which still leaves over four minutes.
	 */
	private static long afterCredentialCache(long now, long expiresAt) {
		long released = expiresAt - CREDENTIAL_CACHE_WINDOW_MILLIS + 1_000
				+ ThreadLocalRandom.current().nextLong(20_000);
		if (released - now >= 1_000) {
			return released - now;
		}
		// a credential that keeps returning one token (a static one, a CLI) is asked less often
		return Math.max(1_000, Math.min(30_000, (expiresAt - now) / 10));
	}

	private void onFailure(Throwable cause, long nanos) {
		this.failures.incrementAndGet();
		int failed = ++this.consecutiveFailures;
		this.lastError = cause;
		long delay = jitter(this.settings.backoffMillis(failed), 2);
		schedule(delay);
		logger.warn("Could not obtain a token for scope " + this.scope + " (" + this.identity + "), attempt " + failed
				+ ", retrying in " + delay + " ms: " + describe(cause));
		this.observers.forEach((observer) -> observer.fetched(this, nanos, cause));
	}

	private long refreshDelay(AccessToken token, long now, long expiresAt) {
		long delay = this.settings.refreshDelayMillis(expiresAt - now);
		OffsetDateTime refreshAt = token.getRefreshAt();
		// MSAL reports an unset refresh time as the epoch, and some sources return dates in the past
		if (refreshAt != null) {
			long hinted = refreshAt.toInstant().toEpochMilli() - now;
			if (hinted > 0 && hinted < delay) {
				delay = hinted;
			}
		}
		return jitter(delay, 20);
	}

	/** Moves the delay earlier by a random amount of up to 1/divisor of it. */
	private static long jitter(long delay, int divisor) {
		long spread = Math.max(delay, 0) / divisor;
		return Math.max(0, delay - ((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0));
	}

	private synchronized void schedule(long delayMillis) {
		if (this.closed) {
			return;
		}
		ScheduledFuture<?> previous = this.nextRefresh;
		if (previous != null) {
			previous.cancel(false);
		}
		this.nextRefreshAt = Instant.ofEpochMilli(System.currentTimeMillis() + delayMillis);
		this.nextRefresh = this.scheduler.schedule(this::refreshInBackground, delayMillis, TimeUnit.MILLISECONDS);
	}

	private AccessToken await(CompletableFuture<AccessToken> fetch) {
		Throwable cause;
		try {
			return fetch.get(this.settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			cause = unwrap(ex);
		}
		catch (TimeoutException ex) {
			cause = new TimeoutException("No token within " + this.settings.fetchTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cause = ex;
		}
		Current held = this.current;
		if (held != null && System.currentTimeMillis() < held.expiresAtMillis) {
			return held.token;
		}
		throw new TokenUnavailableException(this.scope, "No valid Entra ID token for scope '" + this.scope + "' ("
				+ this.identity + "): " + describe(cause), sanitized(cause));
	}

	private static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(Throwable cause) {
		if (cause instanceof TimeoutException) {
			return "the token request timed out";
		}
		return cause.getClass().getSimpleName() + ": " + Redaction.redact(cause.getMessage());
	}

	/** Library exceptions may carry response bodies in their messages; keep only a redacted copy. */
	private static Throwable sanitized(Throwable cause) {
		return new TokenFetchException(cause.getClass().getName() + ": " + Redaction.redact(cause.getMessage()),
				cause.getStackTrace());
	}

	private record Current(AccessToken token, long expiresAtMillis) {
	}

}
