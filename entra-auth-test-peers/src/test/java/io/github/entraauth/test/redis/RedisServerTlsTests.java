package io.github.entraauth.test.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisServerTlsTests {

	@Test
	void tlsModeAcceptsOnlyTlsClientsThatTrustItsCertificate() throws Exception {
		try (RedisServer redis = RedisServer.builder().tls().start()) {
			assertThat(redis.tls()).isTrue();
			assertThat(Files.readString(redis.trustCertificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
			assertThat(redis.trustStorePkcs12()).isRegularFile();
			assertThat(redis.springSslBundleProperties("redis"))
				.containsEntry("spring.ssl.bundle.pem.redis.truststore.certificate", "file:" + redis.trustCertificatePem())
				.containsEntry("spring.data.redis.ssl.bundle", "redis");
			redis.addUser("app", "app-secret");
			RedisURI tls = RedisURI.builder()
				.withHost("localhost")
				.withPort(redis.port())
				.withSsl(true)
				.withAuthentication("app", "app-secret")
				.build();
			RedisClient trusting = RedisClient.create(tls);
			trusting.setOptions(ClientOptions.builder()
				.sslOptions(SslOptions.builder().truststore(redis.trustStorePkcs12().toFile(), "changeit").build())
				.build());
			RedisClient untrusting = RedisClient.create(tls);
			RedisClient plain = RedisClient.create(RedisURI.builder()
				.withHost("127.0.0.1")
				.withPort(redis.port())
				.withAuthentication("app", "app-secret")
				.build());
			try (StatefulRedisConnection<String, String> connection = trusting.connect()) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				assertThat(redis.admin().clientList()).contains("user=app");
				assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(untrusting::connect)
					.withStackTraceContaining("PKIX");
				assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(plain::connect);
			}
			finally {
				trusting.shutdown();
				untrusting.shutdown();
				plain.shutdown();
			}
		}
	}

	@Test
	void trustMaterialOfAPlainServerIsRefusedNamingTheTlsMode() {
		try (RedisServer redis = RedisServer.start()) {
			assertThat(redis.tls()).isFalse();
			assertThatIllegalStateException().isThrownBy(redis::trustCertificatePem).withMessageContaining(".tls()");
		}
	}

	@Test
	void aBinaryWithoutTlsFailsLoudlyNamingTls(@TempDir Path directory) throws Exception {
		// what a redis-server built without BUILD_TLS=yes prints for the TLS directives (both local binaries have TLS)
		Path withoutTls = directory.resolve("redis-server");
		Files.writeString(withoutTls, String.join("\n", "#!/bin/sh", "echo '*** FATAL CONFIG FILE ERROR (Redis 6.0.0) ***'",
				"echo \">>> 'tls-port 6380'\"", "echo 'Bad directive or wrong number of arguments'", "exit 1", ""));
		Files.setPosixFilePermissions(withoutTls, PosixFilePermissions.fromString("rwx------"));
		assertThatIllegalStateException().isThrownBy(() -> RedisServer.builder().binary(withoutTls).tls().start())
			.withMessageContaining("without TLS")
			.withMessageContaining("tls-port");
	}

}
