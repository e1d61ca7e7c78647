package io.github.entraauth.kafka;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers Spring Cloud Stream Kafka binder customizers ({@code ProducerConfigCustomizer},
 * {@code ConsumerConfigCustomizer}, {@code AdminClientConfigCustomizer}) that add the Entra ID SASL
 * settings to the binder's clients. They are created as proxies of the binder's interfaces, found by
 * name, so this project needs no dependency on the binder.
 */
class KafkaBinderCustomizersRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, BeanClassLoaderAware {

	static final String PRODUCER_CUSTOMIZER = "org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer";

	static final String CONSUMER_CUSTOMIZER = "org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer";

	static final String ADMIN_CUSTOMIZER = "org.springframework.cloud.stream.binder.kafka.provisioning.AdminClientConfigCustomizer";

	private @Nullable BeanFactory beanFactory;

	private @Nullable ClassLoader classLoader;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		register(registry, "entraKafkaBinderProducerConfigCustomizer", PRODUCER_CUSTOMIZER, "binder producer");
		register(registry, "entraKafkaBinderConsumerConfigCustomizer", CONSUMER_CUSTOMIZER, "binder consumer");
		register(registry, "entraKafkaBinderAdminClientConfigCustomizer", ADMIN_CUSTOMIZER, "binder admin");
	}

	private void register(BeanDefinitionRegistry registry, String name, String typeName, String client) {
		if (!ClassUtils.isPresent(typeName, this.classLoader) || registry.containsBeanDefinition(name)) {
			return;
		}
		Class<?> type = ClassUtils.resolveClassName(typeName, this.classLoader);
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setInstanceSupplier(() -> customizer(type, client));
		registry.registerBeanDefinition(name, definition);
	}

	/** Every binder customizer has one method whose first argument is the mutable client configuration. */
	@SuppressWarnings("unchecked")
	private Object customizer(Class<?> type, String client) {
		BeanFactory factory = this.beanFactory;
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "Entra ID " + client + " configuration customizer";
				};
			}
			if (args != null && args.length > 0 && args[0] instanceof Map<?, ?> config && factory != null) {
				Map<String, Object> clientConfig = (Map<String, Object>) config;
				clientConfig.putAll(factory.getBean(EntraKafkaSaslConfigurer.class).saslConfigs(clientConfig, client));
			}
			return null;
		});
	}

}
