package io.github.entraauth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.token.Redaction;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReauthenticationEvent;
import io.lettuce.core.event.connection.ReauthenticationFailedEvent;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Counts Lettuce's re-authentications and repairs failed ones. Lettuce only logs a rejected
 * re-AUTH and leaves the connection on its old token until Redis closes it at expiry; this
 * fetches a new token and sends it (or sends the newest one again when the credential's cache
 * returns the token already sent), and if the same connection fails again closes its channel,
 * so Lettuce reconnects with the newest token at once.
 */
public final class RedisReauthentications implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisReauthentications.class);

	private final EntraRedisCredentialsProvider provider;

	private final LettuceChannels channels;

	private final ObjectProvider<ClientResources> clientResources;

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

	private static final Duration REPEATED_FAILURE_WINDOW = Duration.ofSeconds(30);

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong resends = new AtomicLong();

	private final AtomicLong recoveryFailures = new AtomicLong();

	private final Map<String, Instant> recentFailures = new ConcurrentHashMap<>();

	private final Object refreshLock = new Object();

	private @Nullable Instant lastRefresh;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable Disposable subscription;

	RedisReauthentications(EntraRedisCredentialsProvider provider, LettuceChannels channels,
			ObjectProvider<ClientResources> clientResources) {
		this.provider = provider;
		this.channels = channels;
		this.clientResources = clientResources;
	}

	/**
	 * Re-AUTHs that Redis accepted, including the one Lettuce sends right after each (re)connect.
	 * @return the count since startup
	 */
	public long succeeded() {
		return this.succeeded.get();
	}

	/**
	 * Re-AUTHs that Redis rejected or that could not be sent.
	 * @return the count since startup
	 */
	public long failed() {
		return this.failed.get();
	}

	/**
	 * Connections closed after a failed re-AUTH so that Lettuce reconnects with the newest token.
	 * @return the count since startup
	 */
	public long reconnects() {
		return this.reconnects.get();
	}

	/**
	 * Recoveries that sent the token already sent again, because the credential returned no new
	 * one (its cache still held it).
	 * @return the count since startup
	 */
	public long resends() {
		return this.resends.get();
	}

	/**
	 * Recoveries that could not obtain any valid token to send.
	 * @return the count since startup
	 */
	public long recoveryFailures() {
		return this.recoveryFailures.get();
	}

	/**
	 * When the last re-AUTH failed.
	 * @return the time, or {@code null} if none failed
	 */
	public @Nullable Instant lastFailure() {
		return this.lastFailure;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ClientResources resources = this.clientResources.getIfUnique();
		if (resources != null) {
			this.subscription = resources.eventBus().get().subscribe(this::onEvent);
		}
	}

	@Override
	public void destroy() {
		Disposable current = this.subscription;
		if (current != null) {
			current.dispose();
		}
	}

	void onEvent(Event event) {
		if (event instanceof ReauthenticationEvent) {
			this.succeeded.incrementAndGet();
		}
		else if (event instanceof ReauthenticationFailedEvent failure) {
			this.failed.incrementAndGet();
			this.lastFailure = Instant.now();
			// off the event loop: the token fetch blocks
			Schedulers.boundedElastic().schedule(() -> recover(failure.getEpId()));
		}
	}

	/**
	 * First failure of a connection: a new token is fetched, or the newest one taken again, and
	 * sent to every connection (at most once per {@link #REFRESH_INTERVAL}). A connection that
	 * fails again soon after is closed, so that Lettuce reconnects with the newest token instead
	 * of keeping its old identity.
	 */
	private void recover(@Nullable String endpointId) {
		Instant now = Instant.now();
		Instant previousFailure = (endpointId != null) ? this.recentFailures.put(endpointId, now) : null;
		refreshAtMostOnceEvery(REFRESH_INTERVAL, now);
		if (endpointId != null && previousFailure != null
				&& previousFailure.plus(REPEATED_FAILURE_WINDOW).isAfter(now)) {
			this.recentFailures.remove(endpointId);
			if (this.channels.close(endpointId)) {
				this.reconnects.incrementAndGet();
				logger.warn("Redis rejected the re-authentication of connection " + endpointId
						+ " again; reconnecting it with the newest token");
			}
		}
		this.recentFailures.values().removeIf((failure) -> failure.plus(REPEATED_FAILURE_WINDOW).isBefore(now));
	}

	private void refreshAtMostOnceEvery(Duration interval, Instant now) {
		synchronized (this.refreshLock) {
			Instant last = this.lastRefresh;
			if (last != null && last.plus(interval).isAfter(now)) {
				return;
			}
			this.lastRefresh = now;
			try {
				if (this.provider.reauthenticate()) {
					this.resends.incrementAndGet();
				}
			}
			catch (RuntimeException ex) {
				this.recoveryFailures.incrementAndGet();
				logger.warn("Could not refresh the Redis token after a failed re-authentication: "
						+ Redaction.redact(ex.getMessage()));
			}
		}
	}

}
