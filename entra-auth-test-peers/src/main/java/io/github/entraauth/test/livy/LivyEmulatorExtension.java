package io.github.entraauth.test.livy;

import io.github.entraauth.test.PeerExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link LivyEmulator} per test class:
 * {@code @RegisterExtension static LivyEmulatorExtension livy = new LivyEmulatorExtension(LivyEmulator.Dialect.FABRIC);}.
 * Test and lifecycle methods can declare a {@code LivyEmulator} parameter. The request log is
 * cleared after each test.
 * <p>
 * {@link #emulator()} starts the emulator on first use, so it also works from a static
 * {@code @DynamicPropertySource} method; it stops after the outermost class's tests, including {@code @Nested}
 * ones.
 */
public final class LivyEmulatorExtension extends PeerExtension<LivyEmulator> implements AfterEachCallback {

	/**
	 * An extension whose emulator speaks the given dialect with the defaults.
	 * @param dialect the dialect
	 */
	public LivyEmulatorExtension(LivyEmulator.Dialect dialect) {
		this(LivyEmulator.builder(dialect));
	}

	/**
	 * An extension whose emulator is started from the given builder.
	 * @param builder a configured builder, such as {@code LivyEmulator.builder(Dialect.APACHE).apacheVersion("0.8")}
	 */
	public LivyEmulatorExtension(LivyEmulatorBuilder builder) {
		super(LivyEmulator.class, builder::start);
	}

	/**
	 * The emulator, started if it is not running yet.
	 * @return the running emulator
	 */
	public LivyEmulator emulator() {
		return peer();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		LivyEmulator running = runningPeer();
		if (running != null) {
			running.clearRequests();
		}
	}

}
