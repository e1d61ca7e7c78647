package io.github.entraauth.test;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What the JUnit extensions of this module share: one peer per test class, registered with
 * {@code @RegisterExtension static}, started on first use (so a static {@code @DynamicPropertySource} method may
 * use it), injected into test and lifecycle method parameters of its type, and closed after the outermost class's
 * tests, including {@code @Nested} ones.
 *
 * @param <T> the type of the peer
 */
public abstract class PeerExtension<T extends AutoCloseable>
		implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private final Class<T> type;

	private final Supplier<? extends T> starter;

	private @Nullable T peer;

	private int depth;

	/**
	 * An extension that starts its peer with the given starter.
	 * @param type the type of the peer, for parameter injection
	 * @param starter starts the peer
	 */
	protected PeerExtension(Class<T> type, Supplier<? extends T> starter) {
		this.type = type;
		this.starter = starter;
	}

	/**
	 * The peer, started if it is not running yet.
	 * @return the running peer
	 */
	protected final synchronized T peer() {
		T running = this.peer;
		if (running == null) {
			running = this.starter.get();
			this.peer = running;
		}
		return running;
	}

	/**
	 * The peer if it runs.
	 * @return the running peer, or {@code null}
	 */
	protected final synchronized @Nullable T runningPeer() {
		return this.peer;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.depth++;
		peer();
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) throws Exception {
		this.depth--;
		T running = this.peer;
		if (this.depth == 0 && running != null) {
			this.peer = null;
			running.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == this.type;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return peer();
	}

}
