package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/**
 * Configures an {@link EntraEmulator} before it starts.
 */
public final class EntraEmulatorBuilder {

	String tenantId = UUID.randomUUID().toString();

	Duration tokenLifetime = EntraEmulator.DEFAULT_TOKEN_LIFETIME;

	boolean oidPerToken;

	EntraEmulatorBuilder() {
	}

	/**
	 * Sets the tenant id; a random UUID by default.
	 * @param tenantId letters, digits, dots and dashes
	 * @return this builder
	 */
	public EntraEmulatorBuilder tenantId(String tenantId) {
		if (!EntraUsers.TENANT_ID.matcher(tenantId).matches()) {
			throw new IllegalArgumentException("Tenant id must be letters, digits, dots and dashes: " + tenantId);
		}
		this.tenantId = tenantId;
		return this;
	}

	/**
	 * Sets the lifetime of issued tokens; one hour by default.
	 * @param tokenLifetime a positive duration
	 * @return this builder
	 */
	public EntraEmulatorBuilder tokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = TokenIssuer.requirePositive(tokenLifetime);
		return this;
	}

	/**
	 * See {@link EntraEmulator#oidPerToken(boolean)}; off by default.
	 * @param enabled whether each token gets its own oid
	 * @return this builder
	 */
	public EntraEmulatorBuilder oidPerToken(boolean enabled) {
		this.oidPerToken = enabled;
		return this;
	}

	/**
	 * Starts the emulator.
	 * @return the running emulator
	 */
	public EntraEmulator start() {
		try {
			return new EntraEmulator(this);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Entra emulator", ex);
		}
	}

}
