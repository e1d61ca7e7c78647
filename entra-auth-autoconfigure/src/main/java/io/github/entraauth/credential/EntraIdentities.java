package io.github.entraauth.credential;

import io.github.entraauth.config.EntraConfigurationException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The identities of an application: the default one ({@code entra.credential.*} or the
 * application's own {@code TokenCredential} bean) and the per-integration overrides, each built
 * once.
 */
public final class EntraIdentities {

	private final EntraIdentity defaultIdentity;

	private final CredentialSettings defaultSettings;

	private final TokenCredentialFactory factory;

	private final Map<CredentialSettings, EntraIdentity> overrides = new ConcurrentHashMap<>();

	/**
	 * Creates the identities.
	 * @param defaultIdentity the default identity
	 * @param defaultSettings the {@code entra.credential.*} settings overrides fall back to
	 * @param factory the factory that builds override credentials
	 */
	public EntraIdentities(EntraIdentity defaultIdentity, CredentialSettings defaultSettings,
			TokenCredentialFactory factory) {
		this.defaultIdentity = defaultIdentity;
		this.defaultSettings = defaultSettings;
		this.factory = factory;
	}

	/**
	 * The default identity.
	 * @return the identity every integration uses unless it has an override
	 */
	public EntraIdentity defaultIdentity() {
		return this.defaultIdentity;
	}

	/**
	 * The identity for an integration: the default one when the override sets no key, otherwise
	 * the override with each unset key taken from {@code entra.credential}. An override of another
	 * credential type inherits only the tenant, authority host, instance discovery and SSL bundle.
	 * @param override the integration's credential properties, possibly {@code null}
	 * @param prefix the override's property prefix, for example {@code entra.kafka.credential}
	 * @return the identity
	 * @throws EntraConfigurationException if the merged settings are not usable
	 */
	public EntraIdentity resolve(@Nullable CredentialProperties override, String prefix) {
		CredentialSettings settings = (override != null) ? override.toSettings() : null;
		if (settings == null || settings.isEmpty()) {
			return this.defaultIdentity;
		}
		boolean sameType = settings.type() == null || settings.type() == this.defaultSettings.effectiveType();
		CredentialSettings merged = settings
			.withFallback(sameType ? this.defaultSettings : this.defaultSettings.sharedKeys());
		return this.overrides.computeIfAbsent(merged, (key) -> this.factory.create(key, prefix));
	}

}
