package io.github.entraauth.test.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.entraauth.test.ExitCleanup;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.Tls;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * An in-process Kafka KRaft broker (spring-kafka-test's {@link EmbeddedKafkaKraftBroker}) with two extra
 * OAUTHBEARER listeners, {@code SASL_SSL} (the shape of Azure Event Hubs' Kafka endpoint, with a generated
 * certificate for {@code localhost} and {@code 127.0.0.1}) and {@code SASL_PLAINTEXT}, that accept tokens validated
 * through a JWKS endpoint, with the expected audience and issuer, and with KIP-368 re-authentication
 * ({@code connections.max.reauth.ms}) on.
 * <p>
 * The builder's {@link OAuthBearerKafkaBrokerBuilder#securityProtocol(SecurityProtocol) security protocol}
 * (default {@code SASL_SSL}) chooses the listener {@link #bootstrapServers()}, {@link #securityProtocol()} and
 * {@link #springProperties(String)} describe; both listeners always run, so {@link #sslBootstrapServers()} and
 * {@link #saslBootstrapServers()} (SASL_PLAINTEXT) can be used side by side. Clients of the SASL_SSL listener trust
 * {@link #trustCertificatePem()}, for example through a Spring SSL bundle ({@link #sslBundleProperties(String)}).
 * <p>
 * The broker's own PLAINTEXT listener stays the inter-broker listener and is available to tests for setup and
 * checks ({@link #plaintextBootstrapServers()}). The broker records the principal of every accepted token, the
 * number of rejected ones and the SASL extensions of every authentication.
 * <p>
 * Unlike a bare {@link EmbeddedKafkaKraftBroker}, it leaves the {@code spring.kafka.bootstrap-servers} system
 * property as it was, so applications under test use the bootstrap servers they are given.
 * <p>
 * Kafka 4 only fetches JWKS from URLs listed in the JVM-wide system property
 * {@value #ALLOWED_URLS_PROPERTY}; {@link OAuthBearerKafkaBrokerBuilder#start()} appends the JWKS URL to it.
 *
 * <pre>{@code
 * EntraEmulator entra = EntraEmulator.start();
 * OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra)
 *     .expectedAudience("https://localhost")
 *     .reauthentication(Duration.ofSeconds(4))
 *     .topics("orders")
 *     .start();
 * // spring.kafka.bootstrap-servers, spring.kafka.security.protocol=SASL_SSL and an SSL bundle trusting the broker:
 * kafka.springProperties("kafka-broker").forEach(registry::add);
 * }</pre>
 */
public final class OAuthBearerKafkaBroker implements AutoCloseable {

	/** The system property Kafka 4 reads the allowed token and JWKS URLs from. */
	public static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

	private static final Logger logger = LoggerFactory.getLogger(OAuthBearerKafkaBroker.class);

	private static final String PLAINTEXT_LISTENER = "SASL";

	private static final String SSL_LISTENER = "SASL_SSL";

	private static final String SPRING_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

	private final String brokerId = UUID.randomUUID().toString();

	private final EmbeddedKafkaKraftBroker broker;

	private final List<Map<String, String>> extensions = new CopyOnWriteArrayList<>();

	private final Set<String> principals = ConcurrentHashMap.newKeySet();

	private final AtomicInteger authentications = new AtomicInteger();

	private final AtomicInteger rejections = new AtomicInteger();

	private volatile boolean refusing;

	private final SecurityProtocol securityProtocol;

	/** This broker's entry in Kafka's URL allow-list: its own JWKS file, removed again when it stops. */
	private final String jwksUrl;

	private final Path tlsDirectory;

	private final Path trustCertificatePem;

	private final String saslBootstrapServers;

	private final String sslBootstrapServers;

	/** Kafka's test kit deletes its log directory at JVM exit; that waits until the broker stopped. */
	private final List<Runnable> testKitExitHooks = new CopyOnWriteArrayList<>();

	private final ExitCleanup exitCleanup;

	OAuthBearerKafkaBroker(OAuthBearerKafkaBrokerBuilder builder) {
		this.securityProtocol = builder.securityProtocol;
		try {
			this.tlsDirectory = Files.createTempDirectory("oauthbearer-kafka-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the broker's directory", ex);
		}
		this.jwksUrl = jwksFile(builder.jwksUrl);
		allowUrl(this.jwksUrl);
		RecordingOAuthBearerValidatorCallbackHandler.register(this.brokerId, this);
		Map<String, String> properties = new HashMap<>();
		properties.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + PLAINTEXT_LISTENER
				+ "://localhost:0," + SSL_LISTENER + "://localhost:0");
		properties.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + PLAINTEXT_LISTENER
				+ ":SASL_PLAINTEXT," + SSL_LISTENER + ":SASL_SSL");
		properties.put("sasl.enabled.mechanisms", "OAUTHBEARER");
		oauthBearer(properties, PLAINTEXT_LISTENER, builder, this.jwksUrl);
		oauthBearer(properties, SSL_LISTENER, builder, this.jwksUrl);
		try {
			Tls.SelfSigned identity = Tls.serverCertificate();
			char[] password = Tls.TRUST_STORE_PASSWORD.toCharArray();
			Path keyStore = this.tlsDirectory.resolve("broker-keystore.p12");
			Tls.writeKeyStore(Tls.keyStore(identity, password), password, keyStore);
			this.trustCertificatePem = Files.writeString(this.tlsDirectory.resolve("broker-tls.pem"),
					Tls.certificatePem(identity.certificate()), StandardCharsets.US_ASCII);
			String ssl = "listener.name." + SSL_LISTENER.toLowerCase(Locale.ROOT) + ".ssl.";
			properties.put(ssl + "keystore.type", "PKCS12");
			properties.put(ssl + "keystore.location", keyStore.toString());
			properties.put(ssl + "keystore.password", Tls.TRUST_STORE_PASSWORD);
			properties.put(ssl + "key.password", Tls.TRUST_STORE_PASSWORD);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the broker's TLS key store", ex);
		}
		properties.putAll(builder.brokerProperties);
		this.broker = new EmbeddedKafkaKraftBroker(1, builder.partitions, builder.topics.toArray(String[]::new));
		this.broker.brokerProperties(properties);
		// the embedded broker points spring.kafka.bootstrap-servers at its PLAINTEXT listener, JVM-wide
		String bootstrapProperty = System.getProperty(SPRING_BOOTSTRAP_SERVERS);
		// the kit's own exit hook would delete the log directory while the broker still writes to it (Ctrl-C);
		// the broker deletes it when it stops, and the captured hook runs after that
		Exit.setShutdownHookAdder((name, hook) -> this.testKitExitHooks.add(hook));
		try {
			this.broker.afterPropertiesSet();
		}
		finally {
			Exit.resetShutdownHookAdder();
		}
		this.exitCleanup = ExitCleanup.register("oauthbearer-kafka-cleanup", this::runTestKitExitHooks);
		if (bootstrapProperty != null) {
			System.setProperty(SPRING_BOOTSTRAP_SERVERS, bootstrapProperty);
		}
		else {
			System.clearProperty(SPRING_BOOTSTRAP_SERVERS);
		}
		this.saslBootstrapServers = "localhost:" + boundPort(PLAINTEXT_LISTENER);
		this.sslBootstrapServers = "localhost:" + boundPort(SSL_LISTENER);
		logger.info("OAUTHBEARER Kafka broker: SASL_SSL {}, SASL_PLAINTEXT {}, PLAINTEXT {}, audience {}, "
				+ "re-authentication every {}", this.sslBootstrapServers, this.saslBootstrapServers,
				plaintextBootstrapServers(), builder.expectedAudience, builder.reauthentication);
	}

	/**
	 * The keys as a file Kafka reads once: for an http(s) URL Kafka starts a JWKS refresher with a non-daemon thread
	 * that it caches in a static map and never stops, which kept the JVM of an application alive after its context
	 * closed. The emulator never rotates its keys.
	 */
	private String jwksFile(String url) {
		if (url.startsWith("file:")) {
			return url;
		}
		try {
			HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("JWKS " + url + " answered " + response.statusCode());
			}
			return Files.writeString(this.tlsDirectory.resolve("jwks.json"), response.body()).toUri().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the JWKS at " + url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading the JWKS at " + url, ex);
		}
	}

	private void oauthBearer(Map<String, String> properties, String listener, OAuthBearerKafkaBrokerBuilder builder,
			String jwksUrl) {
		String name = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
		String prefix = name + "oauthbearer.";
		// the options make the broker's own (unused) unsecured login valid, and tie the handler to this broker
		properties.put(prefix + "sasl.jaas.config",
				"org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
						+ "unsecuredLoginStringClaim_sub=\"broker\" "
						+ RecordingOAuthBearerValidatorCallbackHandler.BROKER_ID_OPTION + "=\"" + this.brokerId + "\";");
		properties.put(prefix + "sasl.server.callback.handler.class",
				RecordingOAuthBearerValidatorCallbackHandler.class.getName());
		properties.put(prefix + "sasl.oauthbearer.jwks.endpoint.url", jwksUrl);
		properties.put(prefix + "sasl.oauthbearer.expected.audience", builder.expectedAudience);
		properties.put(prefix + "sasl.oauthbearer.expected.issuer", builder.expectedIssuer);
		properties.put(name + "connections.max.reauth.ms", Long.toString(builder.reauthentication.toMillis()));
	}

	private int boundPort(String listener) {
		return this.broker.getCluster().brokers().values().iterator().next()
			.boundPort(ListenerName.normalised(listener));
	}

	/**
	 * A builder for a broker that trusts the emulator's tokens: its JWKS and issuer.
	 * @param emulator the Entra emulator whose tokens the broker accepts
	 * @return the builder
	 */
	public static OAuthBearerKafkaBrokerBuilder builder(EntraEmulator emulator) {
		return new OAuthBearerKafkaBrokerBuilder(emulator.jwksUrl(), emulator.issuer());
	}

	/**
	 * A builder for a broker that trusts tokens signed by the keys at a JWKS URL.
	 * @param jwksUrl the JWKS URL
	 * @param expectedIssuer the {@code iss} the tokens must have
	 * @return the builder
	 */
	public static OAuthBearerKafkaBrokerBuilder builder(String jwksUrl, String expectedIssuer) {
		return new OAuthBearerKafkaBrokerBuilder(jwksUrl, expectedIssuer);
	}

	/** Removes this broker's own JWKS file from the allow-list, so the JVM-wide property does not grow per broker. */
	private static synchronized void disallowUrl(String url) {
		String current = System.getProperty(ALLOWED_URLS_PROPERTY, "");
		System.setProperty(ALLOWED_URLS_PROPERTY, Arrays.stream(current.split(","))
			.map(String::trim)
			.filter((u) -> !u.isEmpty() && !u.equals(url))
			.collect(Collectors.joining(",")));
	}

	/** Appends the URL to the allow-list unless present; the property is JVM-wide and other brokers may need theirs. */
	private static synchronized void allowUrl(String url) {
		String current = System.getProperty(ALLOWED_URLS_PROPERTY);
		List<String> urls = new ArrayList<>();
		if (current != null && !current.isBlank()) {
			Arrays.stream(current.split(",")).map(String::trim).filter((u) -> !u.isEmpty()).forEach(urls::add);
		}
		if (!urls.contains(url)) {
			urls.add(url);
			System.setProperty(ALLOWED_URLS_PROPERTY, String.join(",", urls));
		}
	}

	/**
	 * The security protocol the builder chose for {@link #bootstrapServers()}.
	 * @return {@code SASL_SSL} (the default) or {@code SASL_PLAINTEXT}
	 */
	public SecurityProtocol securityProtocol() {
		return this.securityProtocol;
	}

	/**
	 * The bootstrap servers of the OAUTHBEARER listener of the builder's security protocol.
	 * @return {@code localhost:<port>}
	 */
	public String bootstrapServers() {
		return (this.securityProtocol == SecurityProtocol.SASL_SSL) ? this.sslBootstrapServers
				: this.saslBootstrapServers;
	}

	/**
	 * The bootstrap servers of the SASL_PLAINTEXT OAUTHBEARER listener, whatever the builder's security protocol.
	 * @return {@code localhost:<port>}
	 */
	public String saslBootstrapServers() {
		return this.saslBootstrapServers;
	}

	/**
	 * The bootstrap servers of the SASL_SSL OAUTHBEARER listener, whatever the builder's security protocol. Its
	 * certificate is for {@code localhost} and {@code 127.0.0.1}; clients trust {@link #trustCertificatePem()}.
	 * @return {@code localhost:<port>}
	 */
	public String sslBootstrapServers() {
		return this.sslBootstrapServers;
	}

	/**
	 * The SASL_SSL listener's self-signed certificate as a PEM file, for example for
	 * {@code spring.ssl.bundle.pem.<name>.truststore.certificate=file:<path>} or Kafka's
	 * {@code ssl.truststore.type=PEM}.
	 * @return the PEM file, deleted on {@link #close()}
	 */
	public Path trustCertificatePem() {
		return this.trustCertificatePem;
	}

	/**
	 * The Spring Boot SSL bundle that trusts the SASL_SSL listener's certificate.
	 * @param bundleName the bundle's name
	 * @return {@code spring.ssl.bundle.pem.<bundleName>.truststore.certificate=file:<path>}
	 */
	public Map<String, String> sslBundleProperties(String bundleName) {
		return Map.of("spring.ssl.bundle.pem." + bundleName + ".truststore.certificate", "file:" + this.trustCertificatePem);
	}

	/**
	 * The Spring Boot properties that point an application's Kafka clients at the listener of the builder's
	 * security protocol: bootstrap servers and security protocol, and for SASL_SSL {@code spring.kafka.ssl.bundle}
	 * with the bundle of {@link #sslBundleProperties(String)}.
	 * @param bundleName the name of the SSL bundle, used for SASL_SSL only
	 * @return the properties, in a stable order
	 */
	public Map<String, String> springProperties(String bundleName) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
		properties.put("spring.kafka.security.protocol", this.securityProtocol.name);
		if (this.securityProtocol == SecurityProtocol.SASL_SSL) {
			properties.put("spring.kafka.ssl.bundle", bundleName);
			properties.putAll(sslBundleProperties(bundleName));
		}
		return properties;
	}

	/**
	 * The bootstrap servers of the unauthenticated PLAINTEXT listener, for test setup and checks.
	 * @return {@code localhost:<port>}
	 */
	public String plaintextBootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * The underlying embedded broker, for example to add topics.
	 * @return the broker
	 */
	public EmbeddedKafkaKraftBroker embeddedKafka() {
		return this.broker;
	}

	/**
	 * The SASL extensions of every OAUTHBEARER authentication and re-authentication so far, oldest first.
	 * @return a snapshot
	 */
	public List<Map<String, String>> receivedExtensions() {
		return List.copyOf(this.extensions);
	}

	/**
	 * The principals ({@code sub} claims) of the tokens the broker accepted.
	 * @return a snapshot
	 */
	public Set<String> authenticatedPrincipals() {
		return Set.copyOf(new LinkedHashSet<>(this.principals));
	}

	/**
	 * The number of tokens the broker accepted, counting re-authentications.
	 * @return the count
	 */
	public int acceptedTokens() {
		return this.authentications.get();
	}

	/**
	 * The number of tokens the broker rejected (bad signature, audience, issuer or expiry).
	 * @return the count
	 */
	public int rejectedTokens() {
		return this.rejections.get();
	}

	/**
	 * Makes the SASL listener refuse every token (as {@code invalid_token}) until switched back, to simulate a
	 * broker or identity provider that rejects authentications and re-authentications for a while.
	 * @param refuse whether to refuse authentications from now on
	 */
	public void refuseAuthentication(boolean refuse) {
		this.refusing = refuse;
	}

	boolean refusesAuthentication() {
		return this.refusing;
	}

	void recordPrincipal(String principal) {
		this.principals.add(principal);
		this.authentications.incrementAndGet();
	}

	void recordRejection() {
		this.rejections.incrementAndGet();
	}

	void recordExtensions(Map<String, String> received) {
		this.extensions.add(Map.copyOf(received));
	}

	/**
	 * Stops the broker.
	 */
	@Override
	public void close() {
		try {
			this.broker.destroy();
		}
		finally {
			RecordingOAuthBearerValidatorCallbackHandler.unregister(this.brokerId);
			if (this.jwksUrl.startsWith(this.tlsDirectory.toUri().toString())) {
				disallowUrl(this.jwksUrl);
			}
			deleteTlsFiles();
			runTestKitExitHooks();
			this.exitCleanup.closed();
		}
	}

	private void runTestKitExitHooks() {
		for (Runnable hook : this.testKitExitHooks) {
			try {
				hook.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Kafka test kit clean-up failed", ex);
			}
		}
		this.testKitExitHooks.clear();
	}

	private void deleteTlsFiles() {
		try {
			FileSystemUtils.deleteRecursively(this.tlsDirectory);
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}: {}", this.tlsDirectory, ex.toString());
		}
	}

}
