package io.github.entraauth.test.entra;

import io.github.entraauth.test.PeerExtension;

/**
 * Runs one {@link EntraEmulator} per test class:
 * {@code @RegisterExtension static EntraEmulatorExtension entra = new EntraEmulatorExtension();}. Test and
 * lifecycle methods can declare an {@code EntraEmulator} parameter.
 * <p>
 * {@link #emulator()} starts the emulator on first use, so it also works from a static
 * {@code @DynamicPropertySource} method; it stops after the outermost class's tests, including {@code @Nested}
 * ones.
 */
public final class EntraEmulatorExtension extends PeerExtension<EntraEmulator> {

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
	public EntraEmulatorExtension(EntraEmulatorBuilder builder) {
		super(EntraEmulator.class, builder::start);
	}

	/**
	 * The emulator, started if it is not running yet.
	 * @return the running emulator
	 */
	public EntraEmulator emulator() {
		return peer();
	}

}
