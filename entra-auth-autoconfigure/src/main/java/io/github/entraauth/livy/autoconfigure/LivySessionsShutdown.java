package io.github.entraauth.livy.autoconfigure;

import io.github.entraauth.livy.LivyService;

import org.springframework.context.SmartLifecycle;

/**
 * Closes the service's sessions (or leaves them to the other instances) while the shared activity store is still
 * reachable: Lettuce's connection factory stops in phase 0, before any bean is destroyed, and the web server's
 * last requests end in higher phases, so this phase lies between them.
 */
final class LivySessionsShutdown implements SmartLifecycle {

	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final LivyService livy;

	private volatile boolean running;

	LivySessionsShutdown(LivyService livy) {
		this.livy = livy;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.livy.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
