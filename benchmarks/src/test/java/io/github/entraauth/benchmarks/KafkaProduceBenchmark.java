package io.github.entraauth.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Figure 3: producing records to one KRaft broker, through its SASL OAUTHBEARER listener with the
 * starter's Entra login handler and re-authentication every 10 s ({@code listener=oauthbearer}),
 * or through the same broker's PLAINTEXT listener ({@code listener=plaintext}). Both producers
 * have the configuration Boot's producer factory builds for the application, the SASL settings
 * removed for PLAINTEXT. One operation is {@value #BATCH} records sent and flushed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KafkaProduceBenchmark {

	static final int BATCH = 500;

	private static final String TOPIC = "bench";

	private static final String VALUE = "x".repeat(256);

	/** The producer being measured, for the re-authentication counter. */
	private static volatile Producer<String, String> current;

	/** Records the broker did not acknowledge. */
	private static final AtomicLong failedSends = new AtomicLong();

	@Param({ "plaintext", "oauthbearer" })
	public String listener;

	private EntraEmulator emulator;

	private OAuthBearerKafkaBroker broker;

	private ConfigurableApplicationContext context;

	private Producer<String, String> producer;

	private long sequence;

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ProducerApp {

	}

	/** Successful re-authentications of the producer's connections, and failed sends, in this iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Counters {

		private double reauthsAtStart;

		private long errorsAtStart;

		@Setup(Level.Iteration)
		public void reset() {
			this.reauthsAtStart = reauthentications();
			this.errorsAtStart = failedSends.get();
		}

		public long reauths() {
			return Math.round(reauthentications() - this.reauthsAtStart);
		}

		public long errors() {
			return failedSends.get() - this.errorsAtStart;
		}

	}

	@Setup(Level.Trial)
	public void start() {
		this.emulator = EntraEmulator.start();
		this.emulator.registerSecretClient(EmulatorCredentials.CLIENT_ID, EmulatorCredentials.CLIENT_SECRET);
		this.broker = OAuthBearerKafkaBroker.builder(this.emulator)
			.topics(TOPIC)
			.reauthentication(Duration.ofSeconds(10))
			.start();
		this.context = new SpringApplicationBuilder(ProducerApp.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn",
					"spring.kafka.bootstrap-servers=" + this.broker.saslBootstrapServers(),
					"spring.kafka.security.protocol=SASL_PLAINTEXT", "entra.redis.enabled=false",
					"entra.credential.type=client-secret", "entra.credential.tenant-id=" + this.emulator.tenantId(),
					"entra.credential.client-id=" + EmulatorCredentials.CLIENT_ID,
					"entra.credential.client-secret=" + EmulatorCredentials.CLIENT_SECRET,
					"entra.credential.authority-host=" + this.emulator.authorityHost(),
					"entra.credential.instance-discovery=false", "entra.credential.ssl-bundle=entra-emulator",
					"spring.ssl.bundle.pem.entra-emulator.truststore.certificate=file:"
							+ this.emulator.trustCertificatePem())
			.run();
		@SuppressWarnings("unchecked")
		ProducerFactory<String, String> factory = this.context.getBean(ProducerFactory.class);
		if ("oauthbearer".equals(this.listener)) {
			this.producer = factory.createProducer();
		}
		else {
			Map<String, Object> plain = new HashMap<>(factory.getConfigurationProperties());
			plain.keySet().removeIf((key) -> key.startsWith("sasl."));
			plain.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
			plain.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.plaintextBootstrapServers());
			this.producer = new KafkaProducer<>(plain);
		}
		current = this.producer;
		sendBatch();
	}

	@TearDown(Level.Trial)
	public void stop() {
		current = null;
		this.producer.close(Duration.ofSeconds(10));
		this.context.close();
		this.broker.close();
		this.emulator.close();
	}

	// not @OperationsPerInvocation: JMH would divide the aux counters by it too
	@Benchmark
	public void produce(Counters counters) {
		sendBatch();
	}

	private void sendBatch() {
		for (int i = 0; i < BATCH; i++) {
			this.producer.send(new ProducerRecord<>(TOPIC, Long.toString(this.sequence++), VALUE), (metadata, error) -> {
				if (error != null) {
					failedSends.incrementAndGet();
				}
			});
		}
		this.producer.flush();
	}

	private static double reauthentications() {
		Producer<String, String> producer = current;
		if (producer == null) {
			return 0;
		}
		return producer.metrics()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().name().equals("successful-reauthentication-total")
					&& !entry.getKey().tags().containsKey("node-id"))
			.map(Map.Entry::getValue)
			.mapToDouble((Metric metric) -> ((Number) metric.metricValue()).doubleValue())
			.sum();
	}

}
