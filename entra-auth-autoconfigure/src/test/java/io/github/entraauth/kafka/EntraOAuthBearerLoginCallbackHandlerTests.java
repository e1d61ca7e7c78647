package io.github.entraauth.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.RefreshSettings;
import io.github.entraauth.token.TokenManagers;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EntraOAuthBearerLoginCallbackHandlerTests {

	private final TokenManagers tokenManagers = new TokenManagers(
			new RefreshSettings(Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)));

	@AfterEach
	void close() {
		this.tokenManagers.close();
	}

	@Test
	void answersEveryTokenCallbackWithANewTokenObjectCarryingTheClaims() throws Exception {
		Instant iat = Instant.now().minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		Instant exp = iat.plusSeconds(3600);
		String jwt = jwt("{\"oid\":\"oid-123\",\"azp\":\"app-1\",\"iat\":" + iat.getEpochSecond() + ",\"exp\":"
				+ exp.getEpochSecond() + "}");
		EntraOAuthBearerLoginCallbackHandler handler = configured(credential(jwt, exp), null, jaas(Map.of()));
		OAuthBearerTokenCallback first = new OAuthBearerTokenCallback();
		OAuthBearerTokenCallback second = new OAuthBearerTokenCallback();
		handler.handle(new Callback[] { first });
		handler.handle(new Callback[] { second });
		OAuthBearerToken token = first.token();
		assertThat(token).isNotNull().isNotSameAs(second.token()).isNotEqualTo(second.token());
		assertThat(token.value()).isEqualTo(jwt).isEqualTo(second.token().value());
		assertThat(token.lifetimeMs()).isEqualTo(exp.toEpochMilli());
		assertThat(token.startTimeMs()).isEqualTo(iat.toEpochMilli());
		assertThat(token.principalName()).isEqualTo("oid-123");
		assertThat(token.scope()).isEmpty();
		assertThat(token.toString()).doesNotContain(jwt);
	}

	@Test
	void replacesACachedTokenInTheLastPartOfItsLifeSoKafkaNeverHoldsANearlyExpiredOne() throws Exception {
		long now = Instant.now().getEpochSecond();
		String old = jwt("{\"oid\":\"old\",\"iat\":" + (now - 90) + ",\"exp\":" + (now + 10) + "}");
		String fresh = jwt("{\"oid\":\"fresh\",\"iat\":" + now + ",\"exp\":" + (now + 100) + "}");
		AtomicInteger calls = new AtomicInteger();
		TokenCredential credential = (request) -> {
			boolean first = calls.getAndIncrement() == 0;
			return Mono.just(new AccessToken(first ? old : fresh,
					OffsetDateTime.ofInstant(Instant.ofEpochSecond(first ? now + 10 : now + 100), ZoneOffset.UTC)));
		};
		EntraOAuthBearerLoginCallbackHandler handler = configured(credential, null, jaas(Map.of()));
		OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
		handler.handle(new Callback[] { callback });
		assertThat(callback.token().principalName()).isEqualTo("fresh");
		assertThat(calls).hasValue(2);
	}

	@Test
	void answersWithAnErrorNamingScopeAndIdentityButNeverTheTokenWhenNoTokenCanBeObtained() throws Exception {
		String leaked = jwt("{\"oid\":\"x\"}");
		TokenCredential failing = (request) -> Mono.error(new IllegalStateException("AADSTS7000215 bad secret " + leaked));
		EntraOAuthBearerLoginCallbackHandler handler = configured(failing, null, jaas(Map.of()));
		OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
		handler.handle(new Callback[] { callback });
		assertThat(callback.token()).isNull();
		assertThat(callback.errorCode()).isNotBlank();
		assertThat(callback.errorDescription()).contains("https://ns1.servicebus.windows.net/.default")
			.contains("test identity")
			.contains("AADSTS7000215")
			.doesNotContain(leaked);
	}

	@Test
	void sendsExtensionsFromPropertiesAndJaasOptions() throws Exception {
		Instant exp = Instant.now().plusSeconds(600);
		KafkaTokenSource source = new KafkaTokenSource(this.tokenManagers,
				new EntraIdentity(credential(jwt("{}"), exp), "test identity"), null,
				Map.of("logicalCluster", "lkc-123"), new KafkaLogins());
		EntraOAuthBearerLoginCallbackHandler handler = new EntraOAuthBearerLoginCallbackHandler();
		handler.configure(configs(source), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM,
				jaas(Map.of("extension_identityPoolId", "pool-9")));
		SaslExtensionsCallback callback = new SaslExtensionsCallback();
		handler.handle(new Callback[] { callback });
		assertThat(callback.extensions().map()).containsOnly(Map.entry("logicalCluster", "lkc-123"),
				Map.entry("identityPoolId", "pool-9"));
	}

	@Test
	void rejectsInvalidExtensionsInJaasOptions() {
		KafkaTokenSource source = new KafkaTokenSource(this.tokenManagers,
				new EntraIdentity(credential(jwt("{}"), Instant.now().plusSeconds(600)), "test identity"), null, Map.of(),
				new KafkaLogins());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EntraOAuthBearerLoginCallbackHandler().configure(configs(source),
					OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, jaas(Map.of("extension_auth", "x"))))
			.withMessageContaining("'auth' is reserved");
	}

	@Test
	void findsTheTokenSourceThroughCredentialRefWhenTheConfigurationHoldsOnlyStrings() throws Exception {
		Instant exp = Instant.now().plusSeconds(600);
		String jwt = jwt("{\"oid\":\"registry-oid\"}");
		KafkaTokenSource source = new KafkaTokenSource(this.tokenManagers,
				new EntraIdentity(credential(jwt, exp), "test identity"), null, Map.of(),
				new KafkaLogins());
		KafkaTokenSources.register("ctx-test:0", source);
		try {
			EntraOAuthBearerLoginCallbackHandler handler = new EntraOAuthBearerLoginCallbackHandler();
			handler.configure(Map.of("bootstrap.servers", List.of("ns1.servicebus.windows.net:9093")),
					OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, jaas(Map.of("credentialRef", "ctx-test:0")));
			OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
			handler.handle(new Callback[] { callback });
			assertThat(callback.token().principalName()).isEqualTo("registry-oid");
		}
		finally {
			KafkaTokenSources.unregister("ctx-test:0");
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> new EntraOAuthBearerLoginCallbackHandler().configure(
					Map.of("bootstrap.servers", List.of("h:1")), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM,
					jaas(Map.of("credentialRef", "ctx-test:0"))))
			.withMessageContaining("credentialRef=\"ctx-test:0\"");
	}

	@Test
	void usesTheJaasScopeSoThatItMatchesKafkasLoginCacheKey() throws Exception {
		Instant exp = Instant.now().plusSeconds(600);
		Map<String, String> scopes = new HashMap<>();
		TokenCredential credential = (request) -> {
			scopes.put("requested", request.getScopes().get(0));
			return Mono.just(new AccessToken(jwt("{}"), OffsetDateTime.ofInstant(exp, ZoneOffset.UTC)));
		};
		EntraOAuthBearerLoginCallbackHandler handler = configured(credential, null,
				jaas(Map.of("scope", "api://kafka-test/.default")));
		OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
		handler.handle(new Callback[] { callback });
		assertThat(callback.token()).isNotNull();
		assertThat(scopes).containsEntry("requested", "api://kafka-test/.default");
	}

	@Test
	void countsLoginsThatGotATokenAndThoseThatFailed() throws Exception {
		KafkaLogins logins = new KafkaLogins();
		TokenCredential good = credential(jwt("{\"oid\":\"o\"}"), Instant.now().plusSeconds(600));
		EntraOAuthBearerLoginCallbackHandler handler = new EntraOAuthBearerLoginCallbackHandler();
		handler.configure(configs(new KafkaTokenSource(this.tokenManagers, new EntraIdentity(good, "good"), null, Map.of(),
				logins)), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, jaas(Map.of()));
		handler.handle(new Callback[] { new OAuthBearerTokenCallback() });
		TokenCredential failing = (request) -> Mono.error(new IllegalStateException("no token here"));
		EntraOAuthBearerLoginCallbackHandler broken = new EntraOAuthBearerLoginCallbackHandler();
		broken.configure(configs(new KafkaTokenSource(this.tokenManagers, new EntraIdentity(failing, "failing"), null,
				Map.of(), logins)), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, jaas(Map.of()));
		OAuthBearerTokenCallback failed = new OAuthBearerTokenCallback();
		broken.handle(new Callback[] { failed });
		assertThat(failed.errorCode()).isNotNull();
		assertThat(logins.succeeded()).isEqualTo(1);
		assertThat(logins.failed()).isEqualTo(1);
	}

	private EntraOAuthBearerLoginCallbackHandler configured(TokenCredential credential, String scope,
			List<AppConfigurationEntry> jaas) {
		KafkaTokenSource source = new KafkaTokenSource(this.tokenManagers, new EntraIdentity(credential, "test identity"),
				scope, Map.of(), new KafkaLogins());
		EntraOAuthBearerLoginCallbackHandler handler = new EntraOAuthBearerLoginCallbackHandler();
		handler.configure(configs(source), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, jaas);
		return handler;
	}

	private static Map<String, Object> configs(KafkaTokenSource source) {
		return Map.of("bootstrap.servers", List.of("ns1.servicebus.windows.net:9093"),
				EntraKafkaSaslConfigurer.TOKEN_SOURCE_CONFIG, source);
	}

	private static List<AppConfigurationEntry> jaas(Map<String, String> options) {
		return List.of(new AppConfigurationEntry(OAuthBearerLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED,
				options));
	}

	private static TokenCredential credential(String jwt, Instant expiresAt) {
		return (request) -> Mono.just(new AccessToken(jwt, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)));
	}

	static String jwt(String payload) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
	}

}
