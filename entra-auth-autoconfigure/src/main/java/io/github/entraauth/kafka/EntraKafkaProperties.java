package io.github.entraauth.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.entraauth.credential.CredentialProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Kafka SASL/OAUTHBEARER authentication with Entra ID tokens (entra.kafka.*).
 */
@ConfigurationProperties("entra.kafka")
public class EntraKafkaProperties {

	/**
	 * Whether to authenticate the Kafka clients Spring Boot builds with Entra ID tokens.
	 */
	private boolean enabled = true;

	/**
	 * The token scope. Defaults to 'https://<host of the first bootstrap server>/.default', which is
	 * what Azure Event Hubs expects; set it for Confluent Cloud or self-managed Kafka, for example
	 * 'api://<app-id>/.default'.
	 */
	private @Nullable String scope;

	/**
	 * Whether to allow security protocol SASL_PLAINTEXT, which sends tokens unencrypted, to brokers that are not
	 * on this machine's loopback interface; leave it off outside trusted test networks.
	 */
	private boolean allowInsecure;

	/**
	 * SASL extensions sent with every authentication, for example 'logicalCluster' and
	 * 'identityPoolId' for Confluent Cloud. Names are letters only; 'auth' is reserved.
	 */
	private final Map<String, String> extensions = new LinkedHashMap<>();

	/**
	 * The identity Kafka clients authenticate as; every key left unset falls back to
	 * entra.credential.*.
	 */
	@NestedConfigurationProperty
	private final CredentialProperties credential = new CredentialProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getScope() {
		return this.scope;
	}

	public void setScope(@Nullable String scope) {
		this.scope = scope;
	}

	public boolean isAllowInsecure() {
		return this.allowInsecure;
	}

	public void setAllowInsecure(boolean allowInsecure) {
		this.allowInsecure = allowInsecure;
	}

	public Map<String, String> getExtensions() {
		return this.extensions;
	}

	public CredentialProperties getCredential() {
		return this.credential;
	}

}
