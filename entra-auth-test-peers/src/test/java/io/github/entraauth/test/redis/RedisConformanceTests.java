package io.github.entraauth.test.redis;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.entraauth.test.entra.EntraEmulator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Where the Redis twin behaves as Azure Cache for Redis / Azure Managed Redis does with Entra tokens, checked with
 * plain Lettuce connections and a token request shaped like the seeds' Python clients.
 */
class RedisConformanceTests {

	private static EntraEmulator emulator;

	private static RedisServer redis;

	@BeforeAll
	static void start() {
		emulator = EntraEmulator.start();
		emulator.registerSecretClient("conformance-app", "conformance-secret");
		redis = RedisServer.start().acceptTokensFrom(emulator);
	}

	@AfterAll
	static void stop() {
		redis.close();
		emulator.close();
	}

	@Test
	void everyUnexpiredTokenOfAnIdentityIsAPasswordAtTheSameTime() {
		String older = emulator.mintAccessToken("two-instances", RedisServer.REDIS_AUDIENCE, Duration.ofMinutes(5));
		String newer = emulator.mintAccessToken("two-instances", RedisServer.REDIS_AUDIENCE, Duration.ofMinutes(10));
		String oid = emulator.oidOf("two-instances");
		RedisClient client = RedisClient.create();
		try (StatefulRedisConnection<String, String> first = client.connect(uri(oid, older));
				StatefulRedisConnection<String, String> second = client.connect(uri(oid, newer))) {
			assertThat(first.sync().ping()).isEqualTo("PONG");
			assertThat(second.sync().ping()).isEqualTo("PONG");
			assertThat(first.sync().aclWhoami()).isEqualTo(oid).isEqualTo(second.sync().aclWhoami());
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void aConnectionClosesWhenItsOwnTokenExpiresEvenIfTheIdentityHasANewerOne() {
		Instant start = Instant.now();
		String shortLived = emulator.mintAccessToken("expiring", RedisServer.REDIS_AUDIENCE, Duration.ofSeconds(4));
		String longLived = emulator.mintAccessToken("expiring", RedisServer.REDIS_AUDIENCE, Duration.ofMinutes(10));
		String oid = emulator.oidOf("expiring");
		RedisClient client = RedisClient.create();
		client.setOptions(ClientOptions.builder().autoReconnect(false).build());
		try (StatefulRedisConnection<String, String> stale = client.connect(uri(oid, shortLived));
				StatefulRedisConnection<String, String> reauthenticated = client.connect(uri(oid, shortLived));
				StatefulRedisConnection<String, String> fresh = client.connect(uri(oid, longLived))) {
			assertThat(reauthenticated.sync().auth(oid, longLived)).isEqualTo("OK");

			await().atMost(Duration.ofSeconds(30)).until(() -> !stale.isOpen());

			assertThat(Instant.now()).isAfterOrEqualTo(start.plusSeconds(3));
			assertThat(reauthenticated.sync().ping()).isEqualTo("PONG");
			assertThat(fresh.sync().ping()).isEqualTo("PONG");
			assertThat(redis.users()).contains(oid);
			assertThatExceptionOfType(RedisConnectionException.class)
				.isThrownBy(() -> client.connect(uri(oid, shortLived)))
				.withStackTraceContaining("WRONGPASS");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void aReauthenticationWithARefusedTokenKeepsTheConnectionsEarlierToken() {
		String valid = emulator.mintAccessToken("refused-reauth", RedisServer.REDIS_AUDIENCE, Duration.ofMinutes(5));
		String oid = emulator.oidOf("refused-reauth");
		RedisClient client = RedisClient.create();
		try (StatefulRedisConnection<String, String> connection = client.connect(uri(oid, valid))) {
			assertThatExceptionOfType(RedisCommandExecutionException.class)
				.isThrownBy(() -> connection.sync().auth(oid, "not-a-token"))
				.withMessageContaining("WRONGPASS");
			assertThat(connection.sync().aclWhoami()).isEqualTo(oid);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void theLegacyAzureCacheForRedisScopeGivesAnAcceptedToken() throws Exception {
		String jwt = clientCredentialsToken("conformance-app", "conformance-secret",
				"acca5fbb-b7e4-4009-81f1-37e38fd66d78/.default");
		JWTClaimsSet claims = emulator.verify(jwt);
		assertThat(claims.getAudience()).containsExactly(RedisServer.LEGACY_REDIS_AUDIENCE);
		RedisClient client = RedisClient.create();
		try (StatefulRedisConnection<String, String> connection = client
			.connect(uri(claims.getStringClaim("oid"), jwt))) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void tokensForOtherAudiencesAreNotRedisPasswords() {
		String jwt = emulator.mintAccessToken("kafka-only", "api://kafka", Duration.ofMinutes(5));
		RedisClient client = RedisClient.create();
		try {
			assertThatExceptionOfType(RedisConnectionException.class)
				.isThrownBy(() -> client.connect(uri(emulator.oidOf("kafka-only"), jwt)))
				.withStackTraceContaining("WRONGPASS");
		}
		finally {
			client.shutdown();
		}
	}

	/** The request seed 003's azure-identity makes: client credentials for a scope. */
	private static String clientCredentialsToken(String clientId, String secret, String scope) throws Exception {
		String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret + "&scope="
				+ URLEncoder.encode(scope, StandardCharsets.UTF_8);
		HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create(emulator.authorityHost() + emulator.tenantId() + "/oauth2/v2.0/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("access_token").asString();
	}

	private static RedisURI uri(String username, String token) {
		return RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withAuthentication(username, token)
			.build();
	}

}
