package io.github.entraauth.livy.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;
import io.github.entraauth.security.EntraTokenStoreAutoConfiguration;
import io.github.entraauth.security.EntraWebSignInAutoConfiguration;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users' tokens (the sign-in's authorized clients, per-user Livy tokens) and Livy session owners in a real
 * {@code redis-server}, seen by two application contexts (two instances of one application), with the tokens
 * encrypted at rest.
 */
class RedisUserTokenStoresTests {

	private static final String KEY = "a-random-secret-of-at-least-32-characters";

	private static final EntraUserId ALICE = new EntraUserId("0b7c1f2e-1111-4222-8333-444455556666",
			"5a1e2b3c-0000-4000-8000-00000000a11c");

	private static RedisServer redis;

	private final ApplicationContextRunner instance = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, EntraLivyAutoConfiguration.class,
				EntraWebSignInAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				DataRedisAutoConfiguration.class, EntraTokenStoreAutoConfiguration.class,
				EntraUserLivyAutoConfiguration.class))
		.withPropertyValues("entra.credential.tenant-id=" + ALICE.tenantId(), "entra.security.client-id=web-app",
				"entra.security.client-secret=web-secret", "entra.livy.base-url=http://localhost:8998",
				"entra.livy.auth=none", "entra.livy.session.keep-alive-interval=0",
				"entra.livy.session.idle-timeout=0", "entra.security.store.type=redis");

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		redis.addUser("app", "app-password");
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void tokensSavedByOneInstanceAreLoadedByAnotherAndAreEncryptedAtRest() {
		redisInstance(KEY).run((a) -> redisInstance(KEY).run((b) -> {
			OAuth2AuthorizedClient saved = livyClient(a);
			a.getBean(UserLivyTokenStore.class).save(ALICE, saved);

			OAuth2AuthorizedClient loaded = b.getBean(UserLivyTokenStore.class).load(ALICE);

			assertThat(loaded).isNotNull();
			assertThat(loaded.getClientRegistration().getRegistrationId()).isEqualTo("entra-livy");
			assertThat(loaded.getClientRegistration().getClientSecret()).isEqualTo("web-secret");
			assertThat(loaded.getPrincipalName()).isEqualTo("alice@contoso.example");
			assertThat(loaded.getAccessToken().getTokenValue()).isEqualTo("livy-access-token-value");
			assertThat(loaded.getAccessToken().getExpiresAt()).isEqualTo(saved.getAccessToken().getExpiresAt());
			assertThat(loaded.getAccessToken().getScopes()).isEqualTo(saved.getAccessToken().getScopes());
			assertThat(loaded.getRefreshToken().getTokenValue()).isEqualTo("livy-refresh-token-value");
			String atRest = redis.admin().get("entra:livy:tokens:" + ALICE.key());
			assertThat(atRest).isNotBlank()
				.doesNotContain("livy-access-token-value")
				.doesNotContain("livy-refresh-token-value")
				.doesNotContain("web-secret")
				.doesNotContain("alice");
		}));
	}

	@Test
	void removingOnOneInstanceRemovesForEveryInstance() {
		redisInstance(KEY).run((a) -> redisInstance(KEY).run((b) -> {
			a.getBean(UserLivyTokenStore.class).save(ALICE, livyClient(a));
			assertThat(b.getBean(UserLivyTokenStore.class).load(ALICE)).isNotNull();

			b.getBean(UserLivyTokenStore.class).remove(ALICE);

			assertThat(a.getBean(UserLivyTokenStore.class).load(ALICE)).isNull();
		}));
	}

	@Test
	void anInstanceWithAnotherKeyCannotReadTheTokensAndDropsThem() {
		redisInstance(KEY).run((a) -> redisInstance("another-random-secret-of-at-least-32-chars").run((b) -> {
			a.getBean(UserLivyTokenStore.class).save(ALICE, livyClient(a));

			assertThat(b.getBean(UserLivyTokenStore.class).load(ALICE)).isNull();

			assertThat(redis.admin().exists("entra:livy:tokens:" + ALICE.key())).isZero();
		}));
	}

	@Test
	void sessionOwnersRecordedByOneInstanceAreKnownToAnother() {
		redisInstance(KEY).run((a) -> redisInstance(KEY).run((b) -> {
			a.getBean(UserLivySessionOwners.class).record(ALICE, "session-7");

			assertThat(b.getBean(UserLivySessionOwners.class).ownerOf("session-7")).contains(ALICE);
			assertThat(b.getBean(UserLivySessionOwners.class).sessionsOf(ALICE)).containsExactly("session-7");

			b.getBean(UserLivySessionOwners.class).remove("session-7");

			assertThat(a.getBean(UserLivySessionOwners.class).ownerOf("session-7")).isEmpty();
			assertThat(a.getBean(UserLivySessionOwners.class).sessionsOf(ALICE)).isEmpty();
		}));
	}

	@Test
	void theRedisStoreWithoutAnEncryptionKeyFailsTheStartNamingTheProperty() {
		redisInstance(null).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(EntraConfigurationException.class)
			.hasMessageContaining("entra.security.store.encryption-key")
			.hasMessageContaining("is not set"));
	}

	@Test
	void aShortEncryptionKeyFailsTheStartNamingTheProperty() {
		redisInstance("too-short").run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(EntraConfigurationException.class)
			.hasMessageContaining("entra.security.store.encryption-key")
			.hasMessageContaining("shorter than 32"));
	}

	@Test
	void theRedisStoreWithoutRedisFailsTheStartNamingTheStoreType() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ImperativeHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, EntraLivyAutoConfiguration.class,
					EntraWebSignInAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
					EntraTokenStoreAutoConfiguration.class, EntraUserLivyAutoConfiguration.class))
			.withPropertyValues("entra.credential.tenant-id=" + ALICE.tenantId(), "entra.security.client-id=web-app",
					"entra.security.client-secret=web-secret", "entra.livy.base-url=http://localhost:8998",
					"entra.livy.auth=none", "entra.security.store.type=redis",
					"entra.security.store.encryption-key=" + KEY)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.security.store.type")
				.hasMessageContaining("no Spring Data Redis connection"));
	}

	@Test
	void theSignInsAuthorizedClientSavedByOneInstanceIsLoadedAndRemovedByAnother() {
		redisInstance(KEY).run((a) -> redisInstance(KEY).run((b) -> {
			assertThat(a).getBean(OAuth2AuthorizedClientService.class)
				.isNotInstanceOf(InMemoryOAuth2AuthorizedClientService.class);
			ClientRegistration signIn = a.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra");
			OAuth2AuthorizedClient saved = client(signIn);
			OAuth2User alice = new DefaultOAuth2User(List.of(), Map.of("tid", ALICE.tenantId(), "oid",
					ALICE.objectId(), "preferred_username", "alice@contoso.example"), "preferred_username");
			a.getBean(OAuth2AuthorizedClientService.class).saveAuthorizedClient(saved,
					new TestingAuthenticationToken(alice, null));

			OAuth2AuthorizedClient loaded = b.getBean(OAuth2AuthorizedClientService.class)
				.loadAuthorizedClient("entra", "alice@contoso.example");

			assertThat(loaded).isNotNull();
			assertThat(loaded.getClientRegistration().getRegistrationId()).isEqualTo("entra");
			assertThat(loaded.getRefreshToken().getTokenValue()).isEqualTo("livy-refresh-token-value");
			String atRest = redis.admin().get("entra:authorized-clients:entra:" + ALICE.key());
			assertThat(atRest).as("stored under tid/oid").isNotBlank()
				.doesNotContain("token-value")
				.doesNotContain("web-secret");
			assertThat(redis.admin().get("entra:authorized-clients:names:entra:alice@contoso.example"))
				.as("the name only points at the ids")
				.isEqualTo(ALICE.key());

			b.getBean(OAuth2AuthorizedClientService.class).removeAuthorizedClient("entra", "alice@contoso.example");

			assertThat(a.getBean(OAuth2AuthorizedClientService.class)
				.<OAuth2AuthorizedClient>loadAuthorizedClient("entra", "alice@contoso.example")).isNull();
			assertThat(redis.admin().keys("entra:authorized-clients:*")).isEmpty();
		}));
	}

	private ApplicationContextRunner redisInstance(String key) {
		ApplicationContextRunner runner = this.instance.withPropertyValues("spring.data.redis.host=" + redis.host(),
				"spring.data.redis.port=" + redis.port(), "spring.data.redis.username=app",
				"spring.data.redis.password=app-password");
		return (key != null) ? runner.withPropertyValues("entra.security.store.encryption-key=" + key) : runner;
	}

	private static OAuth2AuthorizedClient livyClient(AssertableApplicationContext context) {
		ClientRegistration signIn = context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra");
		return client(EntraUserLivyAutoConfiguration.livyRegistration(signIn,
				context.getBean(EntraUserLivyProperties.class)));
	}

	private static OAuth2AuthorizedClient client(ClientRegistration registration) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new OAuth2AuthorizedClient(registration, "alice@contoso.example",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "livy-access-token-value", now,
						now.plusSeconds(3600), Set.of("https://api.fabric.microsoft.com/Lakehouse.Execute.All")),
				new OAuth2RefreshToken("livy-refresh-token-value", now));
	}

}
