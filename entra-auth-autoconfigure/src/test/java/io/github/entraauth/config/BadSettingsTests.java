package io.github.entraauth.config;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.github.entraauth.credential.EntraCredentialAutoConfiguration;
import io.github.entraauth.kafka.EntraKafkaAutoConfiguration;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;
import io.github.entraauth.livy.user.EntraUserLivyAutoConfiguration;
import io.github.entraauth.redis.EntraRedisAutoConfiguration;
import io.github.entraauth.security.EntraResourceServerAutoConfiguration;
import io.github.entraauth.security.EntraWebSignInAutoConfiguration;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting known to be wrong stops the start with an {@link EntraConfigurationException} whose failure
 * analysis names the property and the fix. The same rows are the table in docs/troubleshooting.md.
 */
class BadSettingsTests {

	private static final String TENANT = "0b7c1f2e-1111-4222-8333-444455556666";

	private static final String SECRET = "s3cr3t-value-never-shown";

	private static final String[] APP = { "entra.credential.tenant-id=contoso", "entra.credential.client-id=app" };

	private static final String[] CERTIFICATE = { "entra.credential.type=client-certificate",
			"entra.credential.tenant-id=contoso", "entra.credential.client-id=app" };

	private static final String[] SIGN_IN = { "entra.security.client-id=web-app",
			"entra.security.client-secret=" + SECRET };

	private static final String LIVY = "entra.livy.base-url=http://localhost:8998";

	private static final String[] QUIET_LIVY = { "entra.livy.auth=none", "entra.livy.session.keep-alive-interval=0",
			"entra.livy.session.idle-timeout=0" };

	@TempDir
	static Path dir;

	/** The area's auto-configurations, as an application using only that integration has them. */
	enum Area {

		CREDENTIAL(EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class,
				SslAutoConfiguration.class),

		KAFKA(EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class, KafkaAutoConfiguration.class,
				EntraKafkaAutoConfiguration.class),

		REDIS(EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class,
				EntraRedisAutoConfiguration.class, DataRedisAutoConfiguration.class),

		LIVY(ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				EntraCredentialAutoConfiguration.class, EntraTokenAutoConfiguration.class,
				EntraLivyAutoConfiguration.class),

		SIGN_IN(EntraWebSignInAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				EntraResourceServerAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class),

		USER_LIVY(ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				EntraLivyAutoConfiguration.class, EntraWebSignInAutoConfiguration.class,
				OAuth2ClientAutoConfiguration.class, EntraUserLivyAutoConfiguration.class);

		private final Class<?>[] configurations;

		Area(Class<?>... configurations) {
			this.configurations = configurations;
		}

	}

	/**
	 * One bad setting.
	 * @param setting the bad setting as the table shows it
	 * @param property the property the failure must name
	 * @param fix a part of the action the failure must give
	 * @param area the auto-configurations that check it
	 * @param properties the application's properties, bad setting included ({dir} is a folder of test files)
	 */
	record Row(String setting, String property, String fix, Area area, String... properties) {

		@Override
		public String toString() {
			return this.setting;
		}

	}

	static Stream<Row> rows() {
		return Stream.of(
				row("entra.credential.type=client-secret without client-secret", "entra.credential.client-secret",
						"Set entra.credential.client-secret", Area.CREDENTIAL,
						with(APP, "entra.credential.type=client-secret")),
				row("entra.credential.client-secret=(blank)", "entra.credential.client-secret",
						"Set entra.credential.client-secret", Area.CREDENTIAL,
						with(APP, "entra.credential.type=client-secret", "entra.credential.client-secret=  ")),
				row("entra.credential.type=client-secret without tenant-id", "entra.credential.tenant-id",
						"Set entra.credential.tenant-id", Area.CREDENTIAL, "entra.credential.type=client-secret",
						"entra.credential.client-id=app", "entra.credential.client-secret=" + SECRET),
				row("entra.credential.type=client-secret without client-id", "entra.credential.client-id",
						"Set entra.credential.client-id", Area.CREDENTIAL, "entra.credential.type=client-secret",
						"entra.credential.tenant-id=contoso", "entra.credential.client-secret=" + SECRET),
				row("entra.credential.type=client-certificate without certificate-path",
						"entra.credential.certificate-path", "Set entra.credential.certificate-path", Area.CREDENTIAL,
						CERTIFICATE),
				row("entra.credential.certificate-path=(missing file)", "entra.credential.certificate-path",
						"readable file", Area.CREDENTIAL,
						with(CERTIFICATE, "entra.credential.certificate-path={dir}/missing.pem")),
				row("entra.credential.certificate-path=(PEM without private key)", "entra.credential.certificate-path",
						"Concatenate the certificate and the unencrypted private key", Area.CREDENTIAL,
						with(CERTIFICATE, "entra.credential.certificate-path={dir}/certificate-only.pem")),
				row("entra.credential.certificate-path=(PEM with bad base64)", "entra.credential.certificate-path",
						"Export the certificate and private key again", Area.CREDENTIAL,
						with(CERTIFICATE, "entra.credential.certificate-path={dir}/bad-base64.pem")),
				row("entra.credential.certificate-path=(encrypted PEM key) without certificate-password",
						"entra.credential.certificate-password", "Set entra.credential.certificate-password",
						Area.CREDENTIAL, with(CERTIFICATE, "entra.credential.certificate-path={dir}/encrypted-key.pem")),
				row("entra.credential.certificate-path=(neither PEM nor PFX)", "entra.credential.certificate-path",
						"PEM file (certificate + private key) or a PFX file", Area.CREDENTIAL,
						with(CERTIFICATE, "entra.credential.certificate-path={dir}/garbage.pfx")),
				row("entra.credential.certificate-path=(PFX without private key)", "entra.credential.certificate-path",
						"Export the certificate with its private key", Area.CREDENTIAL,
						with(CERTIFICATE, "entra.credential.certificate-path={dir}/certificate-only.pfx",
								"entra.credential.certificate-password=changeit")),
				row("entra.credential.authority-host=http://…", "entra.credential.authority-host", "an https URL",
						Area.CREDENTIAL, "entra.credential.authority-host=http://localhost:8080/"),
				row("entra.credential.authority-host=https://bad host/", "entra.credential.authority-host",
						"an https URL", Area.CREDENTIAL, "entra.credential.authority-host=https://bad host/"),
				row("entra.credential.tenant-id=contoso/../evil", "entra.credential.tenant-id",
						"Set entra.credential.tenant-id", Area.CREDENTIAL, "entra.credential.tenant-id=contoso/../evil"),
				row("entra.credential.client-secret with type=managed-identity", "entra.credential.client-secret",
						"Set entra.credential.type=client-secret", Area.CREDENTIAL,
						"entra.credential.type=managed-identity", "entra.credential.client-secret=" + SECRET),
				row("entra.credential.type=workload-identity without federated-token-file",
						"entra.credential.federated-token-file", "Set entra.credential.federated-token-file",
						Area.CREDENTIAL, with(APP, "entra.credential.type=workload-identity")),
				row("entra.credential.ssl-bundle=(unknown bundle)", "entra.credential.ssl-bundle",
						"spring.ssl.bundle.jks.no-such-bundle", Area.CREDENTIAL,
						"entra.credential.ssl-bundle=no-such-bundle"),
				row("entra.token.refresh-before-expiry=-1m", "entra.token.refresh-before-expiry", "5m", Area.CREDENTIAL,
						"entra.token.refresh-before-expiry=-1m"),
				row("entra.token.fetch-timeout=0s", "entra.token.fetch-timeout", "10s", Area.CREDENTIAL,
						"entra.token.fetch-timeout=0s"),
				row("entra.token.fetch-timeout=1ns", "entra.token.fetch-timeout", "10s", Area.CREDENTIAL,
						"entra.token.fetch-timeout=1ns"),
				row("entra.token.retry-initial-backoff=0s", "entra.token.retry-initial-backoff", "1s",
						Area.CREDENTIAL, "entra.token.retry-initial-backoff=0s"),
				row("entra.token.retry-max-backoff shorter than retry-initial-backoff", "entra.token.retry-max-backoff",
						"at least as long as entra.token.retry-initial-backoff", Area.CREDENTIAL,
						"entra.token.retry-initial-backoff=10s", "entra.token.retry-max-backoff=1s"),
				row("spring.kafka.bootstrap-servers=(host without port)", "spring.kafka.bootstrap-servers",
						"host:port", Area.KAFKA,
						"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net"),
				row("spring.kafka.security.protocol=SASL_PLAINTEXT to a remote broker",
						"spring.kafka.security.protocol", "SASL_SSL", Area.KAFKA,
						"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net:9093",
						"spring.kafka.security.protocol=SASL_PLAINTEXT"),
				row("entra.kafka.extensions.auth=(reserved name)", "entra.kafka.extensions.auth",
						"entra.kafka.extensions", Area.KAFKA,
						"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net:9093", "entra.kafka.extensions.auth=x"),
				row("entra.kafka.scope=(with a quote)", "entra.kafka.scope", "entra.kafka.scope", Area.KAFKA,
						"spring.kafka.bootstrap-servers=ns1.servicebus.windows.net:9093",
						"entra.kafka.scope=api://x/.default\" credentialRef=\"other"),
				row("entra.redis.scope=(blank)", "entra.redis.scope", "https://redis.azure.com/.default", Area.REDIS,
						"entra.redis.scope= "),
				row("entra.redis.scope=https://redis.azure.com (no /.default)", "entra.redis.scope",
						"https://redis.azure.com/.default", Area.REDIS, "entra.redis.scope=https://redis.azure.com"),
				row("entra.livy.base-url=…?query", "entra.livy.base-url", "without ?query or #fragment", Area.LIVY,
						with(QUIET_LIVY, "entra.livy.base-url=http://localhost:8998/livy?x=1")),
				row("entra.livy.base-url=http://(remote host) with auth=basic", "entra.livy.base-url",
						"entra.livy.allow-insecure-http", Area.LIVY, "entra.livy.base-url=http://livy.example.com:8998",
						"entra.livy.auth=basic", "entra.livy.basic.username=u", "entra.livy.basic.password=" + SECRET),
				row("entra.livy.base-url=http://(remote host) with auth=entra", "entra.livy.base-url",
						"entra.livy.allow-insecure-http", Area.LIVY, "entra.livy.base-url=http://livy.example.com:8998",
						"entra.livy.auth=entra"),
				row("entra.livy.auth=basic without basic.username", "entra.livy.basic.username",
						"Set both", Area.LIVY, LIVY, "entra.livy.auth=basic"),
				row("entra.livy.request-timeout=0s", "entra.livy.request-timeout", "positive duration", Area.LIVY,
						with(QUIET_LIVY, LIVY, "entra.livy.request-timeout=0s")),
				row("entra.livy.retry.initial-backoff=-1s", "entra.livy.retry.initial-backoff", "zero or a positive",
						Area.LIVY, with(QUIET_LIVY, LIVY, "entra.livy.retry.initial-backoff=-1s")),
				row("entra.livy.retry.max-backoff=-1s", "entra.livy.retry.max-backoff", "zero or a positive",
						Area.LIVY, with(QUIET_LIVY, LIVY, "entra.livy.retry.max-backoff=-1s")),
				row("entra.security.livy.refresh-before-expiry=-1m", "entra.security.livy.refresh-before-expiry",
						"zero or a positive", Area.USER_LIVY,
						with(QUIET_LIVY, LIVY, "entra.credential.tenant-id=" + TENANT, "entra.security.client-id=web-app",
								"entra.security.client-secret=" + SECRET,
								"entra.security.livy.refresh-before-expiry=-1m")),
				row("entra.credential.tenant-id=common without allowed-tenants", "entra.security.allowed-tenants",
						"entra.security.allowed-tenants", Area.SIGN_IN, with(SIGN_IN, "entra.credential.tenant-id=common")),
				row("entra.credential.tenant-id=common with type=client-secret", "entra.credential.tenant-id",
						"entra.credential.tenant-id", Area.SIGN_IN,
						with(SIGN_IN, "entra.credential.tenant-id=common", "entra.credential.type=client-secret",
								"entra.credential.client-id=daemon", "entra.credential.client-secret=" + SECRET,
								"entra.security.allowed-tenants=" + TENANT)),
				row("entra.credential.tenant-id=contoso.onmicrosoft.com (domain) for sign-in",
						"entra.credential.tenant-id", "directory (tenant) GUID", Area.SIGN_IN,
						with(SIGN_IN, "entra.credential.tenant-id=contoso.onmicrosoft.com")),
				row("entra.security.allowed-tenants=fabrikam.onmicrosoft.com", "entra.security.allowed-tenants",
						"List directory (tenant) GUIDs", Area.SIGN_IN,
						with(SIGN_IN, "entra.credential.tenant-id=" + TENANT,
								"entra.security.allowed-tenants=fabrikam.onmicrosoft.com")),
				row("entra.security.graph-timeout=0s", "entra.security.graph-timeout", "positive duration",
						Area.SIGN_IN, "entra.security.graph-timeout=0s"),
				row("entra.security.graph-member-of-endpoint=http://…", "entra.security.graph-member-of-endpoint",
						"https", Area.SIGN_IN,
						"entra.security.graph-member-of-endpoint=http://graph.example.test/v1.0/me/memberOf"),
				row("spring.security.oauth2.resourceserver.jwt.jwk-set-uri without tenant-id",
						"entra.credential.tenant-id", "directory (tenant) GUID", Area.SIGN_IN,
						"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.test/keys"),
				row("entra.security.tenant-id=(retired key)", "entra.security.tenant-id", "entra.credential.tenant-id",
						Area.SIGN_IN, "entra.security.tenant-id=" + TENANT));
	}

	@BeforeAll
	static void writeCertificates() throws Exception {
		String certificate = Files.readString(Path.of("src/test/resources/security/test-ca.pem"));
		Files.writeString(dir.resolve("certificate-only.pem"), certificate);
		Files.writeString(dir.resolve("bad-base64.pem"), "-----BEGIN CERTIFICATE-----\n@@not base64@@\n"
				+ "-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n@@not base64@@\n-----END PRIVATE KEY-----\n");
		Files.writeString(dir.resolve("encrypted-key.pem"), certificate
				+ "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
		Files.write(dir.resolve("garbage.pfx"), new byte[] { 1, 2, 3, 4 });
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (InputStream in = Files.newInputStream(Path.of("src/test/resources/security/test-ca.pem"))) {
			store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		try (OutputStream out = Files.newOutputStream(dir.resolve("certificate-only.pfx"))) {
			store.store(out, "changeit".toCharArray());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void stopsTheStartNamingThePropertyAndTheFix(Row row) {
		String[] properties = Arrays.stream(row.properties())
			.map((property) -> property.replace("{dir}", dir.toString()))
			.toArray(String[]::new);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(row.area().configurations))
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new EntraConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).as("an EntraConfigurationException stops the start").isNotNull();
				assertThat(analysis.getDescription()).contains(row.property());
				assertThat(analysis.getAction()).contains(row.fix());
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
			});
	}

	@Test
	void troubleshootingListsEveryRow() throws Exception {
		String doc = Files.readString(Path.of("..", "docs", "troubleshooting.md"));
		String section = doc.substring(doc.indexOf("## Settings that stop the start"));
		List<Row> rows = rows().toList();
		assertThat(rows).hasSizeGreaterThanOrEqualTo(31);
		for (Row row : rows) {
			assertThat(section).as("docs/troubleshooting.md lists " + row.setting())
				.contains("| " + row.setting() + " | `" + row.property() + "` |");
			String line = section.substring(section.indexOf("| " + row.setting() + " |"));
			assertThat(line.substring(0, line.indexOf('\n'))).as("the fix for " + row.setting()).contains(row.fix());
		}
	}

	private static Row row(String setting, String property, String fix, Area area, String... properties) {
		return new Row(setting, property, fix, area, properties);
	}

	private static String[] with(String[] base, String... more) {
		return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
	}

}
