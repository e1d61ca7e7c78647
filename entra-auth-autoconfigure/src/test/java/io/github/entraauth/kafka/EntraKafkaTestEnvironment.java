package io.github.entraauth.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.entraauth.test.entra.CertificateClient;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Spring properties that point an application at the Entra emulator and the OAUTHBEARER broker.
 */
final class EntraKafkaTestEnvironment {

	private EntraKafkaTestEnvironment() {
	}

	static Map<String, String> secretClient(EntraEmulator entra, String clientId, String secret) {
		Map<String, String> properties = common(entra);
		properties.put("entra.credential.type", "client-secret");
		properties.put("entra.credential.client-id", clientId);
		properties.put("entra.credential.client-secret", secret);
		return properties;
	}

	static Map<String, String> certificateClient(EntraEmulator entra, CertificateClient client) {
		Map<String, String> properties = common(entra);
		properties.put("entra.credential.type", "client-certificate");
		properties.put("entra.credential.client-id", client.clientId());
		properties.put("entra.credential.certificate-path", client.pemFile().toString());
		return properties;
	}

	static Map<String, String> kafka(OAuthBearerKafkaBroker kafka) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", kafka.saslBootstrapServers());
		properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
		properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		// the Spring Cloud Stream Kafka binder on the test class path defaults Boot's (de)serializers to byte arrays
		String serialization = "org.apache.kafka.common.serialization.String";
		properties.put("spring.kafka.producer.key-serializer", serialization + "Serializer");
		properties.put("spring.kafka.producer.value-serializer", serialization + "Serializer");
		properties.put("spring.kafka.consumer.key-deserializer", serialization + "Deserializer");
		properties.put("spring.kafka.consumer.value-deserializer", serialization + "Deserializer");
		// authentication errors are not retried, so a short delivery timeout makes any other failure visible too
		properties.put("spring.kafka.producer.properties.delivery.timeout.ms", "20000");
		properties.put("spring.kafka.producer.properties.request.timeout.ms", "10000");
		return properties;
	}

	/**
	 * The properties of {@link #kafka(OAuthBearerKafkaBroker)} pointed at the broker's SASL_SSL listener instead,
	 * trusting its certificate through the Spring SSL bundle {@code kafka-broker} ({@code spring.kafka.ssl.bundle}).
	 */
	static Map<String, String> kafkaOverSsl(OAuthBearerKafkaBroker kafka) {
		Map<String, String> properties = kafka(kafka);
		properties.put("spring.kafka.bootstrap-servers", kafka.sslBootstrapServers());
		properties.put("spring.kafka.security.protocol", "SASL_SSL");
		properties.put("spring.kafka.ssl.bundle", "kafka-broker");
		properties.putAll(kafka.sslBundleProperties("kafka-broker"));
		return properties;
	}

	/** Kafka's defaults (refresh no sooner than 60 s, 300 s before expiry) would outlive 10 s tokens. */
	static Map<String, String> shortTokenRefresh() {
		return Map.of("spring.kafka.properties.sasl.login.refresh.min.period.seconds", "1",
				"spring.kafka.properties.sasl.login.refresh.buffer.seconds", "1",
				"spring.kafka.properties.sasl.login.refresh.window.factor", "0.5");
	}

	/**
	 * Properties as command-line arguments: SpringApplicationBuilder's default properties rank below the byte-array
	 * (de)serializer defaults that the Spring Cloud Stream Kafka binder on the test class path adds.
	 */
	static String[] arguments(Map<String, ?> properties) {
		return properties.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
	}

	static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
		return metrics.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().name().equals(name) && entry.getKey().group().endsWith("-metrics")
					&& !entry.getKey().tags().containsKey("node-id"))
			.mapToDouble((entry) -> ((Number) entry.getValue().metricValue()).doubleValue())
			.sum();
	}

	private static Map<String, String> common(EntraEmulator entra) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("entra.credential.tenant-id", entra.tenantId());
		properties.put("entra.credential.authority-host", entra.authorityHost());
		properties.put("entra.credential.instance-discovery", "false");
		properties.put("entra.credential.ssl-bundle", "entra-emulator");
		properties.put("spring.ssl.bundle.pem.entra-emulator.truststore.certificate",
				"file:" + entra.trustCertificatePem());
		return properties;
	}

}
