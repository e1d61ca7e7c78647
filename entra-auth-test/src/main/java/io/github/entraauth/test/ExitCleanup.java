package io.github.entraauth.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a peer must clean up when the JVM exits while it runs (Ctrl-C, a test JVM that dies). At exit it first
 * gives the peer's owner time to close the peer: Spring closes an application in a shutdown hook of its own, and
 * the application must stop before its peers do, or its clients log errors about a peer that went away first.
 * The peers use it; an application does not need to.
 */
public final class ExitCleanup {

	/** How long, at exit, the owner has to close the peer before the clean-up runs anyway. */
	private static final Duration ORDERLY_CLOSE = Duration.ofSeconds(30);

	private final Runnable cleanup;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final Thread hook;

	private ExitCleanup(String name, Runnable cleanup) {
		this.cleanup = cleanup;
		this.hook = new Thread(this::atExit, name);
	}

	/**
	 * Registers a clean-up that runs at JVM exit unless {@link #closed()} was called first.
	 * @param name the shutdown hook thread's name
	 * @param cleanup what to do, for example stop a process or delete a directory
	 * @return the registration
	 */
	public static ExitCleanup register(String name, Runnable cleanup) {
		ExitCleanup registration = new ExitCleanup(name, cleanup);
		Runtime.getRuntime().addShutdownHook(registration.hook);
		return registration;
	}

	/**
	 * The peer was closed and cleaned up by its owner: nothing is left to do at exit.
	 */
	public void closed() {
		this.closed.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is exiting: the hook sees the peer closed and returns
		}
	}

	private void atExit() {
		try {
			if (this.closed.await(ORDERLY_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.cleanup.run();
	}

}
