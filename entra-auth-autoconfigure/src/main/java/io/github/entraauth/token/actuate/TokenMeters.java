package io.github.entraauth.token.actuate;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Token meters per scope: fetches by outcome, calls answered with the last error while failures
 * back off, refreshes that renewed past the credential's cache, fetch latency and seconds until
 * the current token expires (negative once expired, so an alert can fire before and after).
 */
class TokenMeters implements MeterBinder {

	private final TokenManagers managers;

	TokenMeters(TokenManagers managers) {
		this.managers = managers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.managers.forEachManager((manager) -> bind(manager, registry));
	}

	private void bind(TokenManager manager, MeterRegistry registry) {
		Tags tags = Tags.of("scope", manager.scope());
		FunctionCounter.builder("entra.token.fetches", manager, (m) -> m.status().fetches())
			.tags(tags.and("result", "success"))
			.description("Successful Entra ID token fetches")
			.register(registry);
		FunctionCounter.builder("entra.token.fetches", manager, (m) -> m.status().failures())
			.tags(tags.and("result", "failure"))
			.description("Failed Entra ID token fetches")
			.register(registry);
		FunctionCounter.builder("entra.token.backoff.rejections", manager, TokenManager::backoffRejections)
			.tags(tags)
			.description("Calls without a valid token answered with the last error while failed fetches back off")
			.register(registry);
		FunctionCounter.builder("entra.token.cache.bypasses", manager, TokenManager::cacheBypasses)
			.tags(tags)
			.description("Refreshes for which the credential's cache returned the held token and a new one was asked for")
			.register(registry);
		Gauge.builder("entra.token.expiry", manager, this::secondsUntilExpiry)
			.tags(tags)
			.baseUnit("seconds")
			.description("Seconds until the current token expires; negative once expired")
			.register(registry);
		Timer fetchTimer = Timer.builder("entra.token.fetch.duration")
			.tags(tags)
			.description("How long token fetches take, successful or not")
			.register(registry);
		manager.addFetchObserver((observed, nanos, error) -> fetchTimer.record(nanos, TimeUnit.NANOSECONDS));
	}

	private double secondsUntilExpiry(TokenManager manager) {
		Instant expiresAt = manager.status().expiresAt();
		return (expiresAt != null) ? (expiresAt.toEpochMilli() - this.managers.clock().millis()) / 1000.0 : Double.NaN;
	}

}
