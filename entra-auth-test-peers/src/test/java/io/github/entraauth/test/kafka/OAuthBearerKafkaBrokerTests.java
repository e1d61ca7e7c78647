package io.github.entraauth.test.kafka;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import com.nimbusds.jwt.SignedJWT;
import io.github.entraauth.test.entra.EntraEmulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.security.oauthbearer.internals.secured.BasicOAuthBearerToken;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class OAuthBearerKafkaBrokerTests {

	private static final EntraEmulator entra = EntraEmulator.start();

	private static final String OTHER_URL = "http://localhost:1/unrelated/keys";

	private static final OAuthBearerKafkaBroker kafka;

	private static final String bootstrapPropertyBefore;

	static {
		System.setProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY, OTHER_URL);
		bootstrapPropertyBefore = System.getProperty("spring.kafka.bootstrap-servers");
		kafka = OAuthBearerKafkaBroker.builder(entra).expectedAudience("api://kafka-test").topics("t").start();
	}

	@AfterAll
	static void stop() {
		kafka.close();
		entra.close();
	}

	@Test
	void acceptsTheEmulatorsTokensForTheExpectedAudienceAndRecordsPrincipalAndExtensions() throws Exception {
		String jwt = entra.mintAccessToken("client-a", "api://kafka-test", Duration.ofMinutes(5));
		try (KafkaProducer<String, String> producer = producer(jwt)) {
			producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
		}
		assertThat(kafka.authenticatedPrincipals()).contains(SignedJWT.parse(jwt).getJWTClaimsSet().getSubject());
		assertThat(kafka.receivedExtensions()).contains(Map.of("logicalCluster", "lkc-1"));
	}

	@Test
	void aClosedBrokerLeavesNoThreadThatKeepsTheJvmAliveNorItsEntryInTheAllowList() {
		Set<Thread> before = liveThreads();
		String allowedBefore = System.getProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY);
		OAuthBearerKafkaBroker.builder(entra).start().close();
		assertThat(System.getProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY)).isEqualTo(allowedBefore);
		await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(liveThreads())
			.filteredOn((thread) -> !thread.isDaemon() && !before.contains(thread))
			.extracting(Thread::getName)
			.isEmpty());
	}

	@Test
	void aJwksUrlThatDoesNotAnswerFailsTheStartNamingIt() {
		String missing = entra.jwksUrl() + "-missing";
		assertThat(catchThrowable(() -> OAuthBearerKafkaBroker.builder(missing, entra.issuer()).start()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(missing)
			.hasMessageContaining("404");
	}

	private static Set<Thread> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
	}

	@Test
	void rejectsTokensForAnotherAudience() {
		int rejected = kafka.rejectedTokens();
		String jwt = entra.mintAccessToken("client-a", "api://other", Duration.ofMinutes(5));
		try (KafkaProducer<String, String> producer = producer(jwt)) {
			Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS));
			assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
		}
		assertThat(kafka.rejectedTokens()).isGreaterThan(rejected);
	}

	@Test
	void appendsItsJwksFileToTheAllowListAndLeavesSpringBootstrapServersAlone() throws Exception {
		String[] allowed = System.getProperty(OAuthBearerKafkaBroker.ALLOWED_URLS_PROPERTY).split(",");
		assertThat(allowed).hasSize(2).startsWith(OTHER_URL);
		assertThat(allowed[1]).startsWith("file:").endsWith("jwks.json");
		assertThat(Files.readString(Path.of(URI.create(allowed[1])))).contains(entra.publicJwks().getKeys().get(0)
			.getKeyID());
		assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(bootstrapPropertyBefore);
		assertThat(kafka.saslBootstrapServers()).isNotEqualTo(kafka.plaintextBootstrapServers());
	}

	@Test
	void saslSslListenerIsTheDefaultAndAcceptsTokensFromClientsThatTrustItsCertificate() throws Exception {
		assertThat(kafka.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
		assertThat(kafka.bootstrapServers()).isEqualTo(kafka.sslBootstrapServers());
		String jwt = entra.mintAccessToken("client-tls", "api://kafka-test", Duration.ofMinutes(5));
		Map<String, Object> trusting = Map.of("ssl.truststore.type", "PEM", "ssl.truststore.location",
				kafka.trustCertificatePem().toString());
		try (KafkaProducer<String, String> producer = producer(jwt, kafka.sslBootstrapServers(), "SASL_SSL", trusting)) {
			producer.send(new ProducerRecord<>("t", "k", "over tls")).get(30, TimeUnit.SECONDS);
		}
		assertThat(kafka.authenticatedPrincipals()).contains(SignedJWT.parse(jwt).getJWTClaimsSet().getSubject());
	}

	@Test
	void saslSslListenerRefusesClientsThatDoNotTrustItsCertificate() {
		String jwt = entra.mintAccessToken("client-tls", "api://kafka-test", Duration.ofMinutes(5));
		try (KafkaProducer<String, String> producer = producer(jwt, kafka.sslBootstrapServers(), "SASL_SSL", Map.of())) {
			Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS));
			assertThat(failure).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
				.hasCauseInstanceOf(SslAuthenticationException.class);
		}
	}

	@Test
	void plaintextShapeDescribesTheSaslPlaintextListenerWithoutAnSslBundleAndCloseDeletesTheTlsFiles() {
		Path certificate;
		try (OAuthBearerKafkaBroker plaintext = OAuthBearerKafkaBroker.builder(entra)
			.securityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.start()) {
			assertThat(plaintext.springProperties("unused")).containsExactly(
					Map.entry("spring.kafka.bootstrap-servers", plaintext.saslBootstrapServers()),
					Map.entry("spring.kafka.security.protocol", "SASL_PLAINTEXT"));
			certificate = plaintext.trustCertificatePem();
			assertThat(certificate).exists();
		}
		assertThat(certificate).doesNotExist();
		assertThat(catchThrowable(() -> OAuthBearerKafkaBroker.builder(entra).securityProtocol(SecurityProtocol.SSL)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static KafkaProducer<String, String> producer(String jwt) {
		return producer(jwt, kafka.saslBootstrapServers(), "SASL_PLAINTEXT", Map.of());
	}

	private static KafkaProducer<String, String> producer(String jwt, String bootstrapServers, String protocol,
			Map<String, Object> ssl) {
		FixedTokenLoginHandler.token = jwt;
		Map<String, Object> config = new HashMap<>(ssl);
		config.put("bootstrap.servers", bootstrapServers);
		config.put("security.protocol", protocol);
		config.put("sasl.mechanism", "OAUTHBEARER");
		config.put("sasl.login.callback.handler.class", FixedTokenLoginHandler.class);
		// the token in the JAAS options keeps Kafka from reusing a login made with another token
		config.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
				+ "tokenHash=\"" + jwt.hashCode() + "\";");
		config.put("max.block.ms", "20000");
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	/** Hands Kafka a fixed token, so the broker can be tested without this project's login handler. */
	public static class FixedTokenLoginHandler implements AuthenticateCallbackHandler {

		static volatile String token;

		@Override
		public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
		}

		@Override
		public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
			for (Callback callback : callbacks) {
				if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
					long now = Instant.now().toEpochMilli();
					tokenCallback.token(new BasicOAuthBearerToken(token, Set.of(), now + 300_000, "client", now));
				}
				else if (callback instanceof SaslExtensionsCallback extensions) {
					extensions.extensions(new SaslExtensions(Map.of("logicalCluster", "lkc-1")));
				}
				else {
					throw new UnsupportedCallbackException(callback);
				}
			}
		}

		@Override
		public void close() {
		}

	}

}
