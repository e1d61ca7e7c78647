package io.github.entraauth.sample;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.credential.CredentialType;
import io.github.entraauth.credential.EntraCredentialProperties;
import io.github.entraauth.kafka.EntraKafkaSaslConfigurer;
import io.github.entraauth.livy.LivyDialect;
import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.autoconfigure.EntraLivyProperties;
import io.github.entraauth.redis.EntraRedisCredentialsProvider;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample with its {@code azure} profile (application-azure.yml), the placeholders filled with made-up
 * Azure host names, and checks that Kafka, Redis and Livy are configured the way Azure needs, without connecting
 * anywhere: the demo is left out, listener containers do not start, so no Kafka client (and no Kafka login) is
 * created. The token managers of Redis, Livy and the demo start their first fetch in the background when they are
 * created, so the credential the profile configures (managed identity, built on its first token request) is wrapped
 * to record each requested scope and refuse it instead of reaching out.
 */
class SampleAzureProfileTests {

	private static final String TENANT = UUID.randomUUID().toString();

	private static final String WEB_SECRET = "web-secret-" + UUID.randomUUID();

	private static final String LIVY_URL = "https://api.fabric.microsoft.com/v1/workspaces/" + UUID.randomUUID()
			+ "/lakehouses/" + UUID.randomUUID() + "/livyapi/versions/2023-12-01";

	private static final Set<String> requestedScopes = ConcurrentHashMap.newKeySet();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(SampleApplication.class, RefusingCredential.class).run(
				"--spring.profiles.active=azure", "--server.port=0", "--server.address=127.0.0.1",
				"--sample.demo.enabled=false", "--spring.kafka.listener.auto-startup=false",
				"--entra.credential.tenant-id=" + TENANT, "--entra.security.client-id=" + UUID.randomUUID(),
				"--ENTRA_WEB_SECRET=" + WEB_SECRET,
				"--spring.kafka.bootstrap-servers=contoso.servicebus.windows.net:9093",
				"--spring.data.redis.host=contoso.redis.cache.windows.net", "--entra.livy.base-url=" + LIVY_URL);
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void theProfileAuthenticatesWithAManagedIdentityOfItsTenant() {
		EntraCredentialProperties credential = context.getBean(EntraCredentialProperties.class);
		assertThat(credential.getType()).isEqualTo(CredentialType.MANAGED_IDENTITY);
		assertThat(credential.getTenantId()).isEqualTo(TENANT);
		assertThat(context.getBeanProvider(DemoRunner.class).getIfAvailable()).isNull();
	}

	@Test
	void kafkaClientsUseSaslSslOAuthBearerOnPort9093WithTheNamespaceScopeAndNoSecret() {
		Map<String, Object> producer = context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
		Map<String, Object> admin = context.getBean(KafkaAdmin.class).getConfigurationProperties();
		for (Map<String, Object> config : List.of(producer, admin)) {
			assertThat(config.get("bootstrap.servers")).asString().contains("contoso.servicebus.windows.net:9093");
			assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "OAUTHBEARER");
			assertThat(config.get("sasl.jaas.config")).asString()
				.startsWith("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required")
				.contains("credentialRef=")
				.doesNotContain(WEB_SECRET)
				.doesNotContainIgnoringCase("secret")
				.doesNotContainIgnoringCase("password");
		}
		// the login handler derives the scope from the final bootstrap servers, as this does
		Map<String, Object> servers = Map.of("bootstrap.servers", producer.get("bootstrap.servers"));
		assertThat(context.getBean(EntraKafkaSaslConfigurer.class).stringSaslConfigs(servers, "azure profile", true))
			.extractingByKey("sasl.jaas.config")
			.asString()
			.contains("scope=\"https://contoso.servicebus.windows.net/.default\"");
	}

	@Test
	void redisUsesTlsOnPort6380WithTheRedisScope() {
		LettuceConnectionFactory redis = context.getBean(LettuceConnectionFactory.class);
		assertThat(redis.getHostName()).isEqualTo("contoso.redis.cache.windows.net");
		assertThat(redis.getPort()).isEqualTo(6380);
		assertThat(redis.getClientConfiguration().isUseSsl()).isTrue();
		assertThat(context.getBean(EntraRedisCredentialsProvider.class).scope()).isEqualTo("https://redis.azure.com/.default");
	}

	@Test
	void livyTalksToTheFabricLakehouseWithTheFabricScope() {
		assertThat(context.getBean(EntraLivyProperties.class).getBaseUrl()).isEqualTo(LIVY_URL);
		assertThat(context.getBean(LivyService.class).dialect()).isEqualTo(LivyDialect.FABRIC);
		assertThat(context.getBean(TokenManagers.class).managers()).extracting(TokenManager::scope)
			.contains("https://api.fabric.microsoft.com/.default", "https://redis.azure.com/.default");
	}

	@Test
	void noKafkaClientLoggedInAtStartAndEveryTokenRequestStayedInTheTest() {
		assertThat(context.getBean(TokenManagers.class).managers()).extracting(TokenManager::scope)
			.doesNotContain("https://contoso.servicebus.windows.net/.default");
		assertThat(requestedScopes).doesNotContain("https://contoso.servicebus.windows.net/.default")
			.isSubsetOf("https://redis.azure.com/.default", "https://api.fabric.microsoft.com/.default",
					"https://management.azure.com/.default");
	}

	/** Wraps the profile's credential: records each requested scope and refuses, so nothing leaves the machine. */
	static class RefusingCredential {

		@Bean
		static BeanPostProcessor refusingCredential() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof TokenCredential) {
						return (TokenCredential) (request) -> refuse(request);
					}
					return bean;
				}
			};
		}

		private static Mono<AccessToken> refuse(TokenRequestContext request) {
			requestedScopes.addAll(request.getScopes());
			return Mono.error(new IllegalStateException("this test connects nowhere"));
		}

	}

}
