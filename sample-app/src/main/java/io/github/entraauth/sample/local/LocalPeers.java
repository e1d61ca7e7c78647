package io.github.entraauth.sample.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.kafka.OAuthBearerKafkaBroker;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code local} profile, starts the embedded peers from {@code entra-auth-test} before the
 * application context refreshes and points the ordinary {@code spring.*} and {@code entra.*}
 * properties at them: an Entra ID emulator issuing short-lived tokens, a Kafka broker that
 * validates them on an OAUTHBEARER listener with re-authentication, a real redis-server with one
 * ACL user per token (deleted when the token expires, as Azure does), and a Fabric-dialect Livy
 * emulator that checks every bearer token. The emulator also has the web UI's app registration and four
 * users (see {@link #registerUsers}) whose groups map to the sample's roles. The Entra and Livy emulators are
 * beans too, for tests. The peers stop after the application's own beans. With {@code sample.instances=2} the
 * first instance shares the users' tokens, Livy session use and recent results through Redis, and a second
 * instance in the same JVM ({@code sample.local.join=true}) joins its peers.
 */
public class LocalPeers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String CLIENT_ID = "sample-app";

	static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";

	/** The web UI's own app registration, for user sign-in. */
	static final String WEB_CLIENT_ID = "sample-web";

	/** Group object ids of the local directory, mapped to the sample's roles. */
	static final String ADMINS = "6f1c2d1e-aaaa-4000-8000-000000000001";

	static final String EDITORS = "6f1c2d1e-aaaa-4000-8000-000000000002";

	static final String VIEWERS = "6f1c2d1e-aaaa-4000-8000-000000000003";

	/** More groups than an Entra token holds (200): dave's token says "overage" and his groups come from Graph. */
	private static final int OVERAGE_GROUPS = 230;

	/** The peers this JVM's first instance started; further instances ({@code sample.instances}) join them. */
	private static volatile @Nullable Peers started;

	/** The running peers and the properties that point an instance at them. */
	private record Peers(EntraEmulator entra, LivyEmulator livy, Map<String, Object> properties) {
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		Peers peers = environment.getProperty("sample.local.join", Boolean.class, false) ? joined()
				: start(context, environment);
		EntraEmulator entra = peers.entra();
		// the redirect URI is known once the server has its (possibly random) port
		context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) (event) -> {
			for (String host : List.of("localhost", "127.0.0.1")) {
				entra.users().registerRedirectUri(WEB_CLIENT_ID,
						"http://" + host + ":" + event.getWebServer().getPort() + "/login/oauth2/code/entra");
			}
		});
		// beans for the sample's tests (signing in over HTTP, checking what reached Livy)
		context.getBeanFactory().registerSingleton("localEntraEmulator", entra);
		context.getBeanFactory().registerSingleton("localLivyEmulator", peers.livy());
		environment.getPropertySources().addFirst(new MapPropertySource("localPeers", peers.properties()));
	}

	private static Peers joined() {
		Peers peers = started;
		if (peers == null) {
			throw new IllegalStateException("sample.local.join is set, but no instance in this JVM started the local"
					+ " peers: start the first instance without it");
		}
		return peers;
	}

	/** Starts the peers; they stop with this context, after the application's own beans. */
	private static Peers start(ConfigurableApplicationContext context, ConfigurableEnvironment environment) {
		Duration tokenLifetime = environment.getProperty("sample.local.token-lifetime", Duration.class,
				Duration.ofSeconds(30));
		EntraEmulator entra = EntraEmulator.builder().tokenLifetime(tokenLifetime).start();
		String secret = UUID.randomUUID().toString();
		entra.registerSecretClient(CLIENT_ID, secret, "Orders.ReadWrite");
		OAuthBearerKafkaBroker kafka = OAuthBearerKafkaBroker.builder(entra)
			.reauthentication(Duration.ofSeconds(5))
			.topics(environment.getProperty("sample.topic", "orders"))
			.start();
		// the Azure Cache for Redis shape: TLS only
		RedisServer redis = RedisServer.builder().tls().acceptTokensFrom(entra).enforceTokenExpiry(true).start();
		String webSecret = UUID.randomUUID().toString();
		entra.registerSecretClient(WEB_CLIENT_ID, webSecret);
		registerUsers(entra);
		LivyEmulator livy = LivyEmulator.fabric().requireBearer(entra.publicJwks(), entra.issuer(), FABRIC_AUDIENCE);
		seedLakehouse(livy);
		((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("localPeers", () -> {
			started = null;
			livy.close();
			redis.close();
			kafka.close();
			entra.close();
		});
		Map<String, Object> properties = new HashMap<>();
		properties.put("entra.credential.type", "client-secret");
		properties.put("entra.credential.tenant-id", entra.tenantId());
		properties.put("entra.credential.client-id", CLIENT_ID);
		properties.put("entra.credential.client-secret", secret);
		properties.put("entra.credential.authority-host", entra.authorityHost());
		properties.put("entra.credential.instance-discovery", "false");
		properties.put("entra.credential.ssl-bundle", "local-entra");
		properties.put("spring.ssl.bundle.pem.local-entra.truststore.certificate", "file:" + entra.trustCertificatePem());
		// the Event Hubs shape (SASL_SSL, trust from an SSL bundle) on localhost: the default scope is
		// https://localhost/.default
		properties.putAll(kafka.springProperties("local-kafka"));
		// Kafka's refresh thread waits at least 60 s by default, longer than the local tokens live
		properties.put("spring.kafka.properties.sasl.login.refresh.min.period.seconds", "1");
		properties.put("spring.kafka.properties.sasl.login.refresh.buffer.seconds", "1");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.putAll(redis.springSslBundleProperties("local-redis"));
		properties.put("entra.livy.base-url", livy.baseUrl());
		// web sign-in at the same tenant, authority and trust as the credential above: users sign in with the
		// emulator's user picker; their groups become roles
		properties.put("entra.security.client-id", WEB_CLIENT_ID);
		properties.put("entra.security.client-secret", webSecret);
		properties.put("entra.security.graph-member-of-endpoint", entra.graphBaseUrl() + "/me/memberOf");
		properties.put("entra.security.group-roles[" + ADMINS + "]", "ADMIN");
		properties.put("entra.security.group-roles[" + EDITORS + "]", "EDITOR");
		properties.put("entra.security.group-roles[" + VIEWERS + "]", "VIEWER");
		// the local tokens live 30 s: refresh the users' Livy tokens a few seconds before they expire
		properties.put("entra.security.livy.refresh-before-expiry", "5s");
		if (environment.getProperty("sample.instances", Integer.class, 1) > 1) {
			// several instances share the users' tokens, Livy session use and recent results through Redis
			properties.put("entra.security.store.type", "redis");
			properties.put("entra.security.store.encryption-key", UUID.randomUUID() + "-" + UUID.randomUUID());
			properties.put("entra.livy.session.activity-store", "redis");
			properties.put("sample.recent-results", "redis");
		}
		Peers peers = new Peers(entra, livy, Map.copyOf(properties));
		started = peers;
		return peers;
	}

	/** alice edits, bob views, carol administers; dave edits but is in too many groups for his token. */
	private static void registerUsers(EntraEmulator entra) {
		entra.users().register("alice@contoso.test", "Alice (editor)", List.of(EDITORS), List.of());
		entra.users().register("bob@contoso.test", "Bob (viewer)", List.of(VIEWERS), List.of());
		entra.users().register("carol@contoso.test", "Carol (admin)", List.of(ADMINS), List.of());
		List<String> many = new ArrayList<>();
		for (int i = 0; i < OVERAGE_GROUPS; i++) {
			many.add(new UUID(0x0da7e000L, i).toString());
		}
		many.add(EDITORS);
		entra.users().register("dave@contoso.test", "Dave (editor, " + many.size() + " groups)", many, List.of());
	}

	/** A small lakehouse table for the web UI's queries. */
	private static void seedLakehouse(LivyEmulator livy) {
		livy.executeSql("CREATE TABLE sales (region VARCHAR(32), product VARCHAR(32), amount BIGINT)");
		livy.executeSql("INSERT INTO sales VALUES ('north', 'tea', 120), ('north', 'coffee', 340), "
				+ "('south', 'tea', 200), ('south', 'coffee', 90), ('west', 'tea', 75)");
	}

}
