package io.github.entraauth.test.livy;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link LivyEmulator} per test class:
 * {@code @RegisterExtension static LivyEmulatorExtension livy = new LivyEmulatorExtension(LivyEmulator.Dialect.FABRIC);}.
 * Test and lifecycle methods can declare a {@code LivyEmulator} parameter. The request log is
 * cleared after each test.
 * <p>
 * {@link #emulator()} starts the emulator on first use, so it also works from a static
 * {@code @DynamicPropertySource} method.
 */
public final class LivyEmulatorExtension
		implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver {

	private final LivyEmulator.Builder builder;

	private @Nullable LivyEmulator emulator;

	private int depth;

	/**
	 * An extension whose emulator speaks the given dialect.
	 * @param dialect the dialect
	 */
	public LivyEmulatorExtension(LivyEmulator.Dialect dialect) {
		this(LivyEmulator.builder(dialect));
	}

	/**
	 * An extension whose emulator is started from the given builder.
	 * @param builder a configured builder, such as {@code LivyEmulator.builder(Dialect.APACHE).apacheVersion("0.8")}
	 */
	public LivyEmulatorExtension(LivyEmulator.Builder builder) {
		this.builder = builder;
	}

	/**
	 * The emulator, started if it is not running yet.
	 * @return the running emulator
	 */
	public synchronized LivyEmulator emulator() {
		if (this.emulator == null) {
			this.emulator = this.builder.start();
		}
		return this.emulator;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.depth++;
		emulator();
	}

	@Override
	public synchronized void afterEach(ExtensionContext context) {
		if (this.emulator != null) {
			this.emulator.clearRequests();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		this.depth--;
		if (this.depth == 0 && this.emulator != null) {
			this.emulator.close();
			this.emulator = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == LivyEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return emulator();
	}

}
