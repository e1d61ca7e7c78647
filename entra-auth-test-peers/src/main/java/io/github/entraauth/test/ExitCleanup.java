package io.github.entraauth.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a peer must clean up when the JVM exits while it runs (Ctrl-C, a test JVM that dies). At exit it first
 * lets Spring's own shutdown hooks close the applications (and with them, usually, the peer): an application must
 * stop before its peers do, or its clients log errors about a peer that went away first. Without a Spring shutdown
 * hook running, it cleans up at once. The peers use it; an application does not need to.
 */
public final class ExitCleanup {

	/** How long, at exit, Spring's shutdown hooks have to close the applications before the clean-up runs anyway. */
	private static final Duration ORDERLY_CLOSE = Duration.ofSeconds(30);

	/** Shutdown hooks start in no particular order: Spring's get this long to appear. */
	private static final Duration HOOKS_STARTING = Duration.ofMillis(200);

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
		long deadline = System.nanoTime() + ORDERLY_CLOSE.toNanos();
		try {
			boolean closed = this.closed.await(HOOKS_STARTING.toMillis(), TimeUnit.MILLISECONDS);
			while (!closed && springIsClosing() && System.nanoTime() < deadline) {
				closed = this.closed.await(50, TimeUnit.MILLISECONDS);
			}
			if (closed) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.cleanup.run();
	}

	/** Spring Boot's and Spring Framework's shutdown hook threads, while they close application contexts. */
	private static boolean springIsClosing() {
		return Thread.getAllStackTraces().keySet().stream()
			.anyMatch((thread) -> thread.isAlive() && (thread.getName().equals("SpringApplicationShutdownHook")
					|| thread.getName().equals("SpringContextShutdownHook")));
	}

}
