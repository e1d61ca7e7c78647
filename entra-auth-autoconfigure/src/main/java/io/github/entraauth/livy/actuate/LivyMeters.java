package io.github.entraauth.livy.actuate;

import java.time.Duration;

import io.github.entraauth.livy.LivyListener;
import io.github.entraauth.livy.LivyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Livy retries, throttled waits, adopted creates, statement durations and open sessions. Requests by status come
 * from Spring's own {@code http.client.requests} instrumentation of the Livy {@code RestClient}.
 */
class LivyMeters implements LivyListener, MeterBinder {

	private final ObjectProvider<LivyService> service;

	private volatile @Nullable MeterRegistry registry;

	/** A provider: the service takes this listener when it is built, and its RestClient may need the registry. */
	LivyMeters(ObjectProvider<LivyService> service) {
		this.service = service;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("entra.livy.sessions.open", this.service, LivyMeters::openSessions)
			.tag("integration", "livy")
			.description("Livy sessions this application created and has not closed")
			.register(registry);
	}

	@Override
	public void retrying(int status, Duration wait) {
		MeterRegistry meters = this.registry;
		if (meters == null) {
			return;
		}
		String cause = (status == 0) ? "io-error" : String.valueOf(status);
		Counter.builder("entra.livy.retries")
			.tags("integration", "livy", "cause", cause)
			.description("Livy requests retried, by the status (or I/O error) that caused it")
			.register(meters)
			.increment();
		if (status == 429 || status == 430) {
			Timer.builder("entra.livy.throttled.waits")
				.tags("integration", "livy", "status", String.valueOf(status))
				.description("Time spent waiting because Livy throttled (429) or ran out of capacity (430)")
				.register(meters)
				.record(wait);
		}
	}

	@Override
	public void createAdopted(String collection) {
		MeterRegistry meters = this.registry;
		if (meters != null) {
			Counter.builder("entra.livy.creates.adopted")
				.tags("integration", "livy", "collection", collection)
				.description("Creates whose answer was lost but which had made the session or batch, used instead of "
						+ "creating another")
				.register(meters)
				.increment();
		}
	}

	@Override
	public void statementFinished(String state, Duration elapsed) {
		MeterRegistry meters = this.registry;
		if (meters != null) {
			Timer.builder("entra.livy.statements")
				.tags("integration", "livy", "state", state)
				.description("Time from statement submission to its result")
				.register(meters)
				.record(elapsed);
		}
	}

	private static double openSessions(ObjectProvider<LivyService> service) {
		LivyService livy = service.getIfAvailable();
		return (livy != null) ? livy.openSessions().size() : Double.NaN;
	}

}
