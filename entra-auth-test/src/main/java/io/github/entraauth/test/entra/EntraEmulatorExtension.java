package io.github.entraauth.test.entra;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link EntraEmulator} per test class:
 * {@code @RegisterExtension static EntraEmulatorExtension entra = new EntraEmulatorExtension();}. Test and
 * lifecycle methods can declare an {@code EntraEmulator} parameter.
 * <p>
 * {@link #emulator()} starts the emulator on first use, so it also works from a static
 * {@code @DynamicPropertySource} method; it stops after the outermost class's tests, including {@code @Nested}
 * ones.
 */
public final class EntraEmulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private final EntraEmulator.Builder builder;

	private @Nullable EntraEmulator emulator;

	private int depth;

	/**
	 * An extension whose emulator has a random tenant and one-hour tokens.
	 */
	public EntraEmulatorExtension() {
		this(EntraEmulator.builder());
	}

	/**
	 * An extension whose emulator is started from the given builder.
	 * @param builder a configured builder, such as {@code EntraEmulator.builder().tenantId("contoso")}
	 */
	public EntraEmulatorExtension(EntraEmulator.Builder builder) {
		this.builder = builder;
	}

	/**
	 * The emulator, started if it is not running yet.
	 * @return the running emulator
	 */
	public synchronized EntraEmulator emulator() {
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
	public synchronized void afterAll(ExtensionContext context) {
		this.depth--;
		if (this.depth == 0 && this.emulator != null) {
			this.emulator.close();
			this.emulator = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EntraEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return emulator();
	}

}
