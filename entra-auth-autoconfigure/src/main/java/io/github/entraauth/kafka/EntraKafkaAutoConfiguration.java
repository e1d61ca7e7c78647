package io.github.entraauth.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.provisioning.AdminClientConfigCustomizer;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.ObjectUtils;

/**
 * Makes the Kafka clients Spring Boot builds (producers, consumers, {@code KafkaAdmin}, Kafka
 * Streams) and those of Spring Cloud Stream's Kafka binder authenticate with Entra ID tokens over
 * SASL/OAUTHBEARER, and keeps listener containers running through refused authentications.
 */
@AutoConfiguration(after = EntraTokenAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaTemplate.class, DefaultKafkaProducerFactoryCustomizer.class })
@ConditionalOnBooleanProperty(name = "entra.kafka.enabled", matchIfMissing = true)
@ConditionalOnBean({ TokenManagers.class, EntraIdentities.class })
@EnableConfigurationProperties(EntraKafkaProperties.class)
@ImportRuntimeHints(KafkaRuntimeHints.class)
public final class EntraKafkaAutoConfiguration {

	private final EntraKafkaProperties properties;

	EntraKafkaAutoConfiguration(EntraKafkaProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaLogins entraKafkaLogins() {
		return new KafkaLogins();
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaListenerAuthFailures entraKafkaListenerAuthFailures() {
		return new KafkaListenerAuthFailures();
	}

	/** Listener containers survive a refused authentication unless the application chose otherwise. */
	@Bean
	static BeanPostProcessor entraKafkaListenerAuthRetryDefault() {
		return new KafkaListenerAuthRetryDefault();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EntraKafkaSaslConfigurer entraKafkaSaslConfigurer(TokenManagers tokenManagers, EntraIdentities identities,
			KafkaLogins logins, ApplicationContext context) {
		String scope = validScope(this.properties.getScope());
		Map<String, String> extensions = validExtensions(this.properties.getExtensions());
		EntraIdentity identity = identities.resolve(this.properties.getCredential(), "entra.kafka.credential");
		return new EntraKafkaSaslConfigurer(contextId(context), this.properties.isAllowInsecure(),
				new KafkaTokenSource(tokenManagers, identity, scope, extensions, logins),
				(other) -> new KafkaTokenSource(tokenManagers, other, scope, extensions, logins));
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	DefaultKafkaProducerFactoryCustomizer entraKafkaProducerFactoryCustomizer(EntraKafkaSaslConfigurer configurer) {
		return (factory) -> factory.updateConfigs(configurer.saslConfigs(factory.getConfigurationProperties(), "producer"));
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	DefaultKafkaConsumerFactoryCustomizer entraKafkaConsumerFactoryCustomizer(EntraKafkaSaslConfigurer configurer) {
		return (factory) -> factory.updateConfigs(configurer.saslConfigs(factory.getConfigurationProperties(), "consumer"));
	}

	/**
	 * {@code KafkaAdmin} copies its configuration and offers no way to change it, so the settings go
	 * into {@code spring.kafka.admin.properties} before Boot builds it, as strings: the one client that
	 * finds its token source by reference ({@code credentialRef}) instead of as an object.
	 */
	@Bean
	static BeanPostProcessor entraKafkaAdminPropertiesPostProcessor(ObjectProvider<EntraKafkaSaslConfigurer> configurer) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof KafkaProperties kafkaProperties) {
					EntraKafkaSaslConfigurer saslConfigurer = configurer.getIfAvailable();
					if (saslConfigurer != null) {
						kafkaProperties.getAdmin()
							.getProperties()
							.putAll(saslConfigurer.stringSaslConfigs(kafkaProperties.buildAdminProperties(), "admin",
									false));
					}
				}
				return bean;
			}

		};
	}

	private static @Nullable String validScope(@Nullable String scope) {
		if (scope != null && !KafkaScopes.isValid(scope)) {
			throw new EntraConfigurationException("entra.kafka.scope",
					"is not a valid scope (no spaces, quotes, backslashes or semicolons)",
					"Set entra.kafka.scope to a scope such as api://<app-id>/.default, or remove it to use "
							+ "https://<bootstrap host>/.default.");
		}
		return scope;
	}

	private static Map<String, String> validExtensions(Map<String, String> extensions) {
		extensions.forEach((name, value) -> {
			String problem = KafkaSaslExtensions.problem(name, value);
			if (problem != null) {
				throw new EntraConfigurationException("entra.kafka.extensions." + name, problem,
						"Use extension names made of letters only (not 'auth') with printable ASCII values, "
								+ "for example entra.kafka.extensions.logicalCluster=lkc-abc123.");
			}
		});
		return new HashMap<>(extensions);
	}

	/** Unique per context instance, so a restarted or second context never resolves another's source. */
	private static String contextId(ApplicationContext context) {
		return (context.getId() + "@" + ObjectUtils.getIdentityHexString(context)).replaceAll("[^A-Za-z0-9._@-]", "_");
	}

	/**
	 * Spring Cloud Stream's Kafka binder builds its own clients; it applies every customizer bean in order, so
	 * the application's own customizers run first and these, ordered last, see their settings.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ProducerConfigCustomizer.class, ConsumerConfigCustomizer.class,
			AdminClientConfigCustomizer.class })
	static class SpringCloudStreamBinderConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		ProducerConfigCustomizer entraKafkaBinderProducerConfigCustomizer(EntraKafkaSaslConfigurer configurer) {
			return (config, bindingName, destination) -> config.putAll(configurer.saslConfigs(config, "binder producer"));
		}

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		ConsumerConfigCustomizer entraKafkaBinderConsumerConfigCustomizer(EntraKafkaSaslConfigurer configurer) {
			return (config, bindingName, destination) -> config.putAll(configurer.saslConfigs(config, "binder consumer"));
		}

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		AdminClientConfigCustomizer entraKafkaBinderAdminClientConfigCustomizer(EntraKafkaSaslConfigurer configurer) {
			return (config) -> config.putAll(configurer.saslConfigs(config, "binder admin"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.kafka.streams.StreamsBuilder")
	static class StreamsConfiguration {

		@Bean
		StreamsBuilderFactoryBeanConfigurer entraKafkaStreamsBuilderFactoryBeanConfigurer(
				EntraKafkaSaslConfigurer configurer) {
			return new StreamsBuilderFactoryBeanConfigurer() {

				@Override
				public void configure(StreamsBuilderFactoryBean factoryBean) {
					Properties streams = factoryBean.getStreamsConfiguration();
					if (streams != null) {
						Map<String, Object> current = new HashMap<>();
						streams.forEach((key, value) -> current.put(key.toString(), value));
						streams.putAll(configurer.saslConfigs(current, "streams"));
						factoryBean.setStreamsConfiguration(streams);
					}
				}

				@Override
				public int getOrder() {
					return Ordered.LOWEST_PRECEDENCE;
				}

			};
		}

	}

}
