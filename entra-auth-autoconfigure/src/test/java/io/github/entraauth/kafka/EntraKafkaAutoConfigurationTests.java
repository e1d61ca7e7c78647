package io.github.entraauth.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.binder.kafka.provisioning.AdminClientConfigCustomizer;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EntraKafkaAutoConfigurationTests {

	private static final String SECRET = "s3cr3t-value-never-in-jaas";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
				EntraTokenAutoConfiguration.class, KafkaAutoConfiguration.class, EntraKafkaAutoConfiguration.class))
		.withPropertyValues("entra.credential.type=client-secret", "entra.credential.tenant-id=tenant-1",
				"entra.credential.client-id=client-1", "entra.credential.client-secret=" + SECRET,
				"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net:9093");

	@Test
	void producerAndConsumerFactoriesAuthenticateWithOAuthBearerOverSaslSslByDefault() {
		this.runner.run((context) -> {
			Map<String, Object> producer = context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
			Map<String, Object> consumer = context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties();
			for (Map<String, Object> config : new Map[] { producer, consumer }) {
				assertThat(config).containsEntry("security.protocol", "SASL_SSL")
					.containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER")
					.containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class);
				assertThat(config.get(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG)).isInstanceOf(KafkaTokenSource.class);
				assertThat(config.get(SaslConfigs.SASL_JAAS_CONFIG).toString())
					.startsWith("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required")
					.contains("scope=\"https://ns1.servicebus.windows.net/.default\"")
					.contains("credentialRef=\"")
					.endsWith(";")
					.doesNotContain(SECRET);
			}
		});
	}

	@Test
	void keepsAnExplicitSaslPlaintextProtocolAndUsesAnExplicitScope() {
		this.runner
			.withPropertyValues("spring.kafka.security.protocol=SASL_PLAINTEXT", "entra.kafka.allow-insecure=true",
					"entra.kafka.scope=api://kafka/.default")
			.run((context) -> {
				Map<String, Object> producer = context.getBean(DefaultKafkaProducerFactory.class)
					.getConfigurationProperties();
				assertThat(producer).containsEntry("security.protocol", "SASL_PLAINTEXT");
				assertThat(producer.get(SaslConfigs.SASL_JAAS_CONFIG).toString())
					.contains("scope=\"api://kafka/.default\"");
			});
	}

	@Test
	void refusesSaslPlaintextToABrokerOffThisMachineNamingTheProtocolAndTheOptIn() {
		this.runner.withPropertyValues("spring.kafka.security.protocol=SASL_PLAINTEXT").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("spring.kafka.security.protocol")
				.hasMessageContaining("ns1.servicebus.windows.net:9093")
				.extracting((ex) -> ((EntraConfigurationException) ex).getAction())
				.asString()
				.contains("entra.kafka.allow-insecure=true");
		});
	}

	@Test
	void acceptsSaslPlaintextToLoopbackBrokers() {
		this.runner
			.withPropertyValues("spring.kafka.security.protocol=SASL_PLAINTEXT",
					"spring.kafka.bootstrap-servers=localhost:9092,127.0.0.1:9093,[::1]:9094")
			.run((context) -> assertThat(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties())
				.containsEntry("security.protocol", "SASL_PLAINTEXT")
				.containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER"));
	}

	@Test
	void failsAtStartupOnABootstrapServerWithoutAPortNamingTheProperty() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=ns1.servicebus.windows.net").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("spring.kafka.bootstrap-servers")
				.hasMessageContaining("host:port");
		});
	}

	@Test
	void listenerContainersGetADefaultAuthExceptionRetryInterval() {
		this.runner.run((context) -> assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
			.getContainerProperties()
			.getAuthExceptionRetryInterval()).isEqualTo(KafkaListenerAuthRetryDefault.DEFAULT_INTERVAL));
	}

	@Test
	void theApplicationsAuthExceptionRetryIntervalWins() {
		this.runner.withPropertyValues("spring.kafka.listener.auth-exception-retry-interval=3m")
			.run((context) -> assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.getAuthExceptionRetryInterval()).isEqualTo(Duration.ofMinutes(3)));
	}

	@Test
	void kafkaAdminGetsStringSettingsThatReferToTheRegisteredTokenSource() {
		this.runner.run((context) -> {
			Map<String, Object> admin = context.getBean(KafkaAdmin.class).getConfigurationProperties();
			assertThat(admin).containsEntry("security.protocol", "SASL_SSL")
				.containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER")
				.containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
						EntraOAuthBearerLoginCallbackHandler.class.getName());
			String jaas = admin.get(SaslConfigs.SASL_JAAS_CONFIG).toString();
			assertThat(jaas).doesNotContain("scope=").doesNotContain(SECRET);
			String reference = jaas.replaceAll(".*credentialRef=\"([^\"]+)\".*", "$1");
			assertThat(KafkaTokenSources.find(reference))
				.isSameAs(context.getBean(DefaultKafkaProducerFactory.class)
					.getConfigurationProperties()
					.get(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG));
		});
	}

	@Test
	void removesTheRegisteredTokenSourceWhenTheContextCloses() {
		String[] reference = new String[1];
		this.runner.run((context) -> {
			String jaas = context.getBean(KafkaAdmin.class).getConfigurationProperties().get(SaslConfigs.SASL_JAAS_CONFIG)
				.toString();
			reference[0] = jaas.replaceAll(".*credentialRef=\"([^\"]+)\".*", "$1");
			assertThat(KafkaTokenSources.find(reference[0])).isNotNull();
		});
		assertThat(KafkaTokenSources.find(reference[0])).isNull();
	}

	@Test
	void leavesClientsWithTheirOwnSaslSettingsAloneAndSaysSo(CapturedOutput output) {
		String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";
		this.runner
			.withPropertyValues("spring.kafka.properties.sasl.mechanism=PLAIN", "spring.kafka.properties.sasl.jaas.config=" + jaas)
			.run((context) -> {
				Map<String, Object> producer = context.getBean(DefaultKafkaProducerFactory.class)
					.getConfigurationProperties();
				assertThat(producer).containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
					.containsEntry(SaslConfigs.SASL_JAAS_CONFIG, jaas)
					.doesNotContainKey(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG)
					.doesNotContainKey(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS);
				assertThat(context.getBean(KafkaAdmin.class).getConfigurationProperties())
					.containsEntry(SaslConfigs.SASL_JAAS_CONFIG, jaas);
				assertThat(output).contains("Kafka producer configures sasl.mechanism itself");
			});
	}

	@Test
	void leavesPlaintextClientsAlone() {
		this.runner.withPropertyValues("spring.kafka.security.protocol=PLAINTEXT").run((context) -> {
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties())
				.containsEntry("security.protocol", "PLAINTEXT")
				.doesNotContainKey(SaslConfigs.SASL_MECHANISM);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("entra.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EntraKafkaSaslConfigurer.class);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties())
				.doesNotContainKey(SaslConfigs.SASL_MECHANISM);
		});
	}

	@Test
	void passesCamelCaseExtensionNamesThrough() {
		this.runner
			.withPropertyValues("entra.kafka.extensions.logicalCluster=lkc-123",
					"entra.kafka.extensions.identityPoolId=pool-1")
			.run((context) -> {
				KafkaTokenSource source = (KafkaTokenSource) context.getBean(DefaultKafkaProducerFactory.class)
					.getConfigurationProperties()
					.get(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG);
				assertThat(source.extensions()).containsOnly(Map.entry("logicalCluster", "lkc-123"),
						Map.entry("identityPoolId", "pool-1"));
			});
	}

	@Test
	void failsAtStartupOnAnInvalidExtensionNamingTheProperty() {
		this.runner.withPropertyValues("entra.kafka.extensions.auth=x").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.kafka.extensions.auth");
		});
	}

	@Test
	void failsAtStartupOnAScopeThatWouldBreakTheJaasConfig() {
		this.runner.withPropertyValues("entra.kafka.scope=api://x/.default\" credentialRef=\"other").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.kafka.scope");
		});
	}

	@Test
	void usesTheKafkaCredentialOverride() {
		this.runner
			.withPropertyValues("entra.kafka.credential.client-id=kafka-client",
					"entra.kafka.credential.client-secret=other-secret")
			.run((context) -> {
				KafkaTokenSource source = (KafkaTokenSource) context.getBean(DefaultKafkaProducerFactory.class)
					.getConfigurationProperties()
					.get(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG);
				assertThat(source.identity().description()).contains("kafka-client").doesNotContain("other-secret");
			});
	}

	@Test
	void kafkaStreamsGetsTheSettings() {
		this.runner.withUserConfiguration(StreamsApp.class)
			.withPropertyValues("spring.kafka.streams.application-id=app", "spring.kafka.streams.auto-startup=false")
			.run((context) -> {
				Properties streams = context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration();
				assertThat(streams).containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER")
					.containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class)
					.containsKey(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG);
			});
	}

	@Test
	void springCloudStreamKafkaBinderCustomizersAreTheBindersOwnTypesAndAddTheSettings() {
		this.runner.run((context) -> {
			Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "ns2.servicebus.windows.net:9093"));
			context.getBean(ProducerConfigCustomizer.class)
				.configure(producer, "out-0", "orders");
			assertThat(producer).containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER")
				.containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, EntraOAuthBearerLoginCallbackHandler.class)
				.containsKey(EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG);
			assertThat(producer.get(SaslConfigs.SASL_JAAS_CONFIG).toString())
				.contains("scope=\"https://ns2.servicebus.windows.net/.default\"");
			Map<String, Object> consumer = new HashMap<>();
			context.getBean(ConsumerConfigCustomizer.class)
				.configure(consumer, "in-0", "orders");
			assertThat(consumer).containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
			Map<String, Object> admin = new HashMap<>();
			context.getBean(AdminClientConfigCustomizer.class)
				.configure(admin);
			assertThat(admin).containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKafkaStreams
	static class StreamsApp {

		@Bean
		KStream<String, String> stream(StreamsBuilder builder) {
			return builder.stream("in");
		}

	}

}
