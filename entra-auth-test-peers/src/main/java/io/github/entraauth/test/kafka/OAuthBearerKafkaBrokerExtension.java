package io.github.entraauth.test.kafka;

import java.util.function.Supplier;

import io.github.entraauth.test.PeerExtension;
import io.github.entraauth.test.entra.EntraEmulatorExtension;

/**
 * Runs one {@link OAuthBearerKafkaBroker} per test class, trusting the tokens of an Entra emulator:
 * <pre>{@code
 * @RegisterExtension static EntraEmulatorExtension entra = new EntraEmulatorExtension();
 * @RegisterExtension static OAuthBearerKafkaBrokerExtension kafka = new OAuthBearerKafkaBrokerExtension(
 *     () -> OAuthBearerKafkaBroker.builder(entra.emulator()).topics("orders"));
 * }</pre>
 * Test and lifecycle methods can declare an {@code OAuthBearerKafkaBroker} parameter.
 * <p>
 * {@link #broker()} starts the broker on first use, so it also works from a static
 * {@code @DynamicPropertySource} method; it stops after the outermost class's tests, including {@code @Nested}
 * ones.
 */
public final class OAuthBearerKafkaBrokerExtension extends PeerExtension<OAuthBearerKafkaBroker> {

	/**
	 * An extension whose broker trusts the tokens of the extension's emulator, with the builder's defaults.
	 * @param entra the extension of the Entra emulator
	 */
	public OAuthBearerKafkaBrokerExtension(EntraEmulatorExtension entra) {
		this(() -> OAuthBearerKafkaBroker.builder(entra.emulator()));
	}

	/**
	 * An extension whose broker is started from the builder the supplier returns when the broker is first needed,
	 * once the emulator it trusts runs.
	 * @param builder supplies a configured builder
	 */
	public OAuthBearerKafkaBrokerExtension(Supplier<OAuthBearerKafkaBrokerBuilder> builder) {
		super(OAuthBearerKafkaBroker.class, () -> builder.get().start());
	}

	/**
	 * The broker, started if it is not running yet.
	 * @return the running broker
	 */
	public OAuthBearerKafkaBroker broker() {
		return peer();
	}

}
