package io.github.entraauth.test.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Settings of an {@link OAuthBearerKafkaBroker}.
 */
public final class OAuthBearerKafkaBrokerBuilder {

	final String jwksUrl;

	final String expectedIssuer;

	String expectedAudience = "https://localhost";

	Duration reauthentication = Duration.ofSeconds(4);

	SecurityProtocol securityProtocol = SecurityProtocol.SASL_SSL;

	int partitions = 1;

	final List<String> topics = new ArrayList<>();

	final Map<String, String> brokerProperties = new HashMap<>();

	OAuthBearerKafkaBrokerBuilder(String jwksUrl, String expectedIssuer) {
		this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
		this.expectedIssuer = Objects.requireNonNull(expectedIssuer, "expectedIssuer");
	}

	/**
	 * The {@code aud} tokens must have. Defaults to {@code https://localhost}, the audience of the scope
	 * derived from {@code localhost:<port>} bootstrap servers.
	 * @param audience the audience
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder expectedAudience(String audience) {
		this.expectedAudience = Objects.requireNonNull(audience, "audience");
		return this;
	}

	/**
	 * How long an authenticated session lasts before the client must re-authenticate (KIP-368), default 4 s.
	 * @param interval a positive duration
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder reauthentication(Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("Re-authentication interval must be positive, was " + interval);
		}
		this.reauthentication = interval;
		return this;
	}

	/**
	 * The security protocol of the listener {@link OAuthBearerKafkaBroker#bootstrapServers()} and
	 * {@link OAuthBearerKafkaBroker#springProperties(String)} describe. Defaults to {@code SASL_SSL}, the shape
	 * of Azure Event Hubs; {@code SASL_PLAINTEXT} spares a test the trust set-up. Both listeners run either way.
	 * @param protocol {@code SASL_SSL} or {@code SASL_PLAINTEXT}
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder securityProtocol(SecurityProtocol protocol) {
		if (protocol != SecurityProtocol.SASL_SSL && protocol != SecurityProtocol.SASL_PLAINTEXT) {
			throw new IllegalArgumentException("Security protocol must be SASL_SSL or SASL_PLAINTEXT, was " + protocol);
		}
		this.securityProtocol = protocol;
		return this;
	}

	/**
	 * Topics to create at start.
	 * @param names topic names
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder topics(String... names) {
		this.topics.addAll(List.of(names));
		return this;
	}

	/**
	 * Partitions per created topic, default 1.
	 * @param count a positive count
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder partitions(int count) {
		this.partitions = count;
		return this;
	}

	/**
	 * An extra broker property; overrides the ones this class sets.
	 * @param name the property name
	 * @param value the value
	 * @return this builder
	 */
	public OAuthBearerKafkaBrokerBuilder brokerProperty(String name, String value) {
		this.brokerProperties.put(name, value);
		return this;
	}

	/**
	 * Starts the broker (about 5 s).
	 * @return the running broker
	 */
	public OAuthBearerKafkaBroker start() {
		return new OAuthBearerKafkaBroker(this);
	}

}
