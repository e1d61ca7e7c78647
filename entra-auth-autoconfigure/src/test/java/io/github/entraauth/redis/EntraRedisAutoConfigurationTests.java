package io.github.entraauth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.RedisCredentialsProviderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class EntraRedisAutoConfigurationTests {

	private static final String OID = "6f1d3a0e-0c1b-4a55-9d7e-2f4f3c1b9a01";

	private final List<String> requestedScopes = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner withoutCredential = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EntraCredentialAutoConfiguration.class,
				EntraTokenAutoConfiguration.class, EntraRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	private final ApplicationContextRunner runner = this.withoutCredential.withBean(TokenCredential.class,
			() -> credential(jwtWithClaims("{\"oid\":\"" + OID + "\",\"exp\":4102444800}")));

	@Test
	void everyNodeOfEveryTopologySharesTheOneProvider() {
		this.runner.run((context) -> {
			EntraRedisCredentialsProvider provider = context.getBean(EntraRedisCredentialsProvider.class);
			RedisCredentialsProviderFactory factory = context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getRedisCredentialsProviderFactory()
				.orElseThrow();
			assertThat(factory.createCredentialsProvider(new RedisStandaloneConfiguration())).isSameAs(provider);
			assertThat(factory.createCredentialsProvider(new RedisClusterConfiguration(List.of("a:1", "b:2"))))
				.isSameAs(provider);
			RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration("mymaster", java.util.Set.of("s:26379"));
			assertThat(factory.createCredentialsProvider(sentinel)).isSameAs(provider);
			assertThat(factory.createSentinelCredentialsProvider(sentinel)).isSameAs(provider);
			assertThat(provider.supportsStreaming()).isTrue();
		});
	}

	@Test
	void clusterConnectionFactoryUsesTheProvider() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7001,127.0.0.1:7002")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getClusterConfiguration()).isNotNull();
				assertThat(factory.getClientConfiguration()
					.getRedisCredentialsProviderFactory()
					.orElseThrow()
					.createCredentialsProvider(factory.getClusterConfiguration()))
					.isSameAs(context.getBean(EntraRedisCredentialsProvider.class));
			});
	}

	@Test
	void reauthenticatesOnNewCredentialsAndKeepsBootsClientOptions() {
		this.runner
			.withPropertyValues("spring.data.redis.timeout=1234ms", "spring.data.redis.connect-timeout=2345ms",
					"spring.data.redis.cluster.nodes=127.0.0.1:7001",
					"spring.data.redis.lettuce.cluster.refresh.period=17s")
			.run((context) -> {
				LettuceClientConfiguration configuration = context.getBean(LettuceConnectionFactory.class)
					.getClientConfiguration();
				ClientOptions options = configuration.getClientOptions().orElseThrow();
				assertThat(options.getReauthenticateBehaviour())
					.isEqualTo(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
				assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofMillis(1234));
				assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(2345));
				assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
				assertThat(options).isInstanceOf(io.lettuce.core.cluster.ClusterClientOptions.class);
				assertThat(((io.lettuce.core.cluster.ClusterClientOptions) options).getTopologyRefreshOptions()
					.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(17));
				// RESP3 stays negotiable: nothing forces RESP2
				assertThat(options.getConfiguredProtocolVersion()).isNull();
			});
	}

	@Test
	void reauthenticationCanBeSwitchedOffWhileTokensStillAuthenticateNewConnections() {
		this.runner.withPropertyValues("entra.redis.reauthenticate=false").run((context) -> {
			LettuceClientConfiguration configuration = context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration();
			assertThat(configuration.getClientOptions().orElseThrow().getReauthenticateBehaviour())
				.isEqualTo(ClientOptions.ReauthenticateBehavior.DEFAULT);
			assertThat(configuration.getRedisCredentialsProviderFactory()).isPresent();
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("entra.redis.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EntraRedisCredentialsProvider.class);
			assertThat(context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getRedisCredentialsProviderFactory()).isEmpty();
		});
	}

	@Test
	void backsOffWithoutLettuce() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EntraRedisCredentialsProvider.class)
				.doesNotHaveBean(RedisReauthentications.class));
	}

	@Test
	void usernameDefaultsToTheTokensOidAndPasswordIsTheToken() {
		this.runner.run((context) -> {
			RedisCredentials credentials = context.getBean(EntraRedisCredentialsProvider.class)
				.resolveCredentials()
				.block(Duration.ofSeconds(10));
			assertThat(credentials.getUsername()).isEqualTo(OID);
			assertThat(new String(credentials.getPassword())).startsWith("eyJ").contains(".");
		});
	}

	@Test
	void configuredUsernameOverridesTheOid() {
		this.runner.withPropertyValues("entra.redis.username=app-user").run((context) -> {
			RedisCredentials credentials = context.getBean(EntraRedisCredentialsProvider.class)
				.resolveCredentials()
				.block(Duration.ofSeconds(10));
			assertThat(credentials.getUsername()).isEqualTo("app-user");
		});
	}

	@Test
	void tokenWithoutOidAndNoUsernameFailsAStartThatAwaitsTheFirstTokenNamingTheUsernameProperty() {
		this.withoutCredential.withBean(TokenCredential.class, () -> credential(jwtWithClaims("{\"exp\":4102444800}")))
			.withPropertyValues("entra.redis.await-first-token=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootCause(context.getStartupFailure())).isInstanceOf(EntraConfigurationException.class)
					.hasMessageContaining("entra.redis.username")
					.hasMessageContaining("no oid claim");
				assertThat(((EntraConfigurationException) rootCause(context.getStartupFailure())).getAction())
					.contains("Set entra.redis.username");
			});
	}

	@Test
	void tokenWithoutOidAndNoUsernameFailsEachConnectionNamingTheUsernamePropertyByDefault() {
		this.withoutCredential.withBean(TokenCredential.class, () -> credential(jwtWithClaims("{\"exp\":4102444800}")))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatExceptionOfType(EntraConfigurationException.class)
					.isThrownBy(() -> context.getBean(EntraRedisCredentialsProvider.class)
						.resolveCredentials()
						.block(Duration.ofSeconds(10)))
					.withMessageContaining("entra.redis.username");
			});
	}

	/** Entra does not answer during the start: a start that waited for the token would hang until the timeout. */
	@Test
	@Timeout(60)
	void theStartDoesNotWaitForTheFirstToken() {
		CountDownLatch entraAnswers = new CountDownLatch(1);
		String jwt = jwtWithClaims("{\"oid\":\"" + OID + "\",\"exp\":4102444800}");
		TokenCredential slowEntra = (request) -> Mono.fromCallable(() -> {
			entraAnswers.await();
			return new AccessToken(jwt, OffsetDateTime.now().plusHours(1));
		});
		this.withoutCredential.withBean(TokenCredential.class, () -> slowEntra)
			.withPropertyValues("entra.token.fetch-timeout=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Mono<RedisCredentials> firstConnection = context.getBean(EntraRedisCredentialsProvider.class)
					.resolveCredentials();
				entraAnswers.countDown();
				assertThat(firstConnection.block(Duration.ofSeconds(10)).getUsername()).isEqualTo(OID);
			});
	}

	@Test
	void onceTheApplicationIsReadyTheFirstTokenIsFetchedInTheBackgroundWithoutAConnection() {
		String jwt = jwtWithClaims("{\"oid\":\"" + OID + "\",\"exp\":4102444800}");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RedisApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((GenericApplicationContext application) -> application.registerBean(TokenCredential.class,
					() -> credential(jwt)))
			.run("--spring.main.banner-mode=off", "--spring.data.redis.port=1")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.requestedScopes.isEmpty());
			RedisCredentials emitted = context.getBean(EntraRedisCredentialsProvider.class)
				.credentials()
				.blockFirst(Duration.ofSeconds(10));
			assertThat(emitted.getUsername()).isEqualTo(OID);
			assertThat(this.requestedScopes).containsExactly("https://redis.azure.com/.default");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class,
			EntraRedisAutoConfiguration.class, DataRedisAutoConfiguration.class })
	static class RedisApplication {

	}

	@Test
	void tokenWithoutOidIsFineWhenUsernameIsSet() {
		this.withoutCredential.withBean(TokenCredential.class, () -> credential(jwtWithClaims("{\"exp\":4102444800}")))
			.withPropertyValues("entra.redis.username=app-user")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void requestsTheAzureRedisScopeByDefault() {
		this.runner.run((context) -> {
			EntraRedisCredentialsProvider provider = context.getBean(EntraRedisCredentialsProvider.class);
			assertThat(provider.scope()).isEqualTo("https://redis.azure.com/.default");
			provider.resolveCredentials().block(Duration.ofSeconds(10));
			assertThat(this.requestedScopes).containsOnly("https://redis.azure.com/.default");
		});
	}

	@Test
	void scopeCanBeOverridden() {
		this.runner.withPropertyValues("entra.redis.scope=acca5fbb-b7e4-4009-81f1-37e38fd66d78/.default")
			.run((context) -> {
				context.getBean(EntraRedisCredentialsProvider.class).resolveCredentials().block(Duration.ofSeconds(10));
				assertThat(this.requestedScopes).containsOnly("acca5fbb-b7e4-4009-81f1-37e38fd66d78/.default");
			});
	}

	@Test
	void applicationsOwnProviderWins() {
		this.runner.withUserConfiguration(OwnProviderConfiguration.class).run((context) -> {
			EntraRedisCredentialsProvider own = context.getBean("ownProvider", EntraRedisCredentialsProvider.class);
			assertThat(context).getBean(EntraRedisCredentialsProvider.class).isSameAs(own);
			RedisCredentialsProvider used = context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getRedisCredentialsProviderFactory()
				.orElseThrow()
				.createCredentialsProvider(new RedisStandaloneConfiguration());
			assertThat(used).isSameAs(own);
			assertThat(used.resolveCredentials().block(Duration.ofSeconds(10)).getUsername()).isEqualTo("own-user");
		});
	}

	@Test
	void warnsOnceWhenAnAzureHostIsUsedWithoutTls(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.data.redis.host=contoso.redis.cache.windows.net",
					"spring.data.redis.ssl.enabled=false")
			.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isFalse();
			assertThat(output).contains("spring.data.redis.ssl.enabled");
			assertThat(output.toString().split("spring.data.redis.ssl.enabled", -1)).hasSize(2);
		});
	}

	@Test
	void doesNotWarnWhenTlsIsOnOrTheHostIsNotAzure(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.data.redis.host=contoso.westeurope.redis.azure.net",
					"spring.data.redis.ssl.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("spring.data.redis.host=redis.internal.example")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("spring.data.redis.ssl.enabled");
	}

	@Test
	void tlsIsOnByDefaultForAzureHostsOfEveryCloudAndTopology(CapturedOutput output) {
		for (String host : List.of("contoso.redis.cache.windows.net", "contoso.westeurope.redis.azure.net",
				"contoso.redis.cache.chinacloudapi.cn", "contoso.redis.cache.usgovcloudapi.net")) {
			this.runner.withPropertyValues("spring.data.redis.host=" + host, "spring.data.redis.port=6380")
				.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl())
					.as(host)
					.isTrue());
		}
		this.runner.withPropertyValues("spring.data.redis.url=redis://contoso.redis.cache.windows.net:6380")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isTrue());
		this.runner
			.withPropertyValues(
					"spring.data.redis.cluster.nodes=contoso.westeurope.redis.azure.net:10000,contoso.westeurope.redis.azure.net:10001")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isTrue());
		assertThat(output).doesNotContain("spring.data.redis.ssl.enabled=true");
	}

	@Test
	void tlsDefaultLeavesNonAzureHostsAndExplicitSettingsAlone() {
		this.runner.withPropertyValues("spring.data.redis.host=redis.internal.example")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isFalse());
		this.runner
			.withPropertyValues("spring.data.redis.cluster.nodes=contoso.redis.azure.net:10000,127.0.0.1:7001")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isFalse());
		this.runner
			.withPropertyValues("spring.data.redis.host=redis.internal.example", "spring.data.redis.ssl.enabled=true")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).isUseSsl()).isTrue());
	}

	@Test
	void forcedResp2WithReauthenticationFailsStartupNamingTheFix() {
		this.runner.withBean(LettuceClientOptionsBuilderCustomizer.class,
				() -> (options) -> options.protocolVersion(ProtocolVersion.RESP2))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable cause = rootCause(context.getStartupFailure());
				assertThat(cause).isInstanceOf(EntraConfigurationException.class).hasMessageContaining("RESP2");
				EntraConfigurationException failure = (EntraConfigurationException) cause;
				assertThat(failure.getProperty()).isEqualTo("entra.redis.reauthenticate");
				assertThat(failure.getAction()).contains("protocolVersion(ProtocolVersion.RESP2)")
					.contains("entra.redis.reauthenticate=false");
			});
	}

	@Test
	void resp2IsAcceptedWithoutReauthenticationAndResp3WithIt() {
		this.runner.withPropertyValues("entra.redis.reauthenticate=false")
			.withBean(LettuceClientOptionsBuilderCustomizer.class,
					() -> (options) -> options.protocolVersion(ProtocolVersion.RESP2))
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withBean(LettuceClientOptionsBuilderCustomizer.class,
				() -> (options) -> options.protocolVersion(ProtocolVersion.RESP3))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void recognisesAzureRedisHostNames() {
		assertThat(AzureRedisTlsCheck.isAzureHost("contoso.redis.cache.windows.net")).isTrue();
		assertThat(AzureRedisTlsCheck.isAzureHost("Contoso.WestEurope.Redis.Azure.Net")).isTrue();
		assertThat(AzureRedisTlsCheck.isAzureHost("contoso.westeurope.redisenterprise.cache.azure.net")).isTrue();
		assertThat(AzureRedisTlsCheck.isAzureHost("contoso.redis.cache.chinacloudapi.cn")).isTrue();
		assertThat(AzureRedisTlsCheck.isAzureHost("contoso.redis.cache.usgovcloudapi.net")).isTrue();
		assertThat(AzureRedisTlsCheck.isAzureHost("redis.example.com")).isFalse();
		assertThat(AzureRedisTlsCheck.isAzureHost("127.0.0.1")).isFalse();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private TokenCredential credential(String jwt) {
		return (request) -> {
			this.requestedScopes.addAll(request.getScopes());
			return Mono.just(new AccessToken(jwt, OffsetDateTime.now().plusHours(1)));
		};
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProviderConfiguration {

		@Bean
		EntraRedisCredentialsProvider ownProvider(TokenManagers tokenManagers, TokenCredential credential) {
			return new EntraRedisCredentialsProvider(
					tokenManagers.forIdentity(new EntraIdentity(credential, "own"), "api://own/.default"), "own-user");
		}

	}

	static String jwtWithClaims(String claimsJson) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

}
