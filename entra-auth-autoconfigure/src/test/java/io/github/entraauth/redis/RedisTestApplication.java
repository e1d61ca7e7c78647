package io.github.entraauth.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.redis.RedisConnectionInfo;
import io.github.entraauth.test.redis.RedisServer;
import io.github.entraauth.token.AccessTokenClaims;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application the end-to-end tests run: Boot's Redis auto-configuration with the starter,
 * a {@link RedisMessageListenerContainer} on channel {@value #CHANNEL}, and a recorder of
 * Lettuce's connection events.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class RedisTestApplication {

	static final String CHANNEL = "entra-events";

	static final String CLIENT_ID = "redis-app";

	static final String CLIENT_SECRET = "redis-app-secret";

	@Bean
	BlockingQueue<String> receivedMessages() {
		return new LinkedBlockingQueue<>();
	}

	@Bean
	RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory,
			BlockingQueue<String> receivedMessages) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.addMessageListener((message, pattern) -> receivedMessages.add(new String(message.getBody())),
				new ChannelTopic(CHANNEL));
		return container;
	}

	@Bean
	ConnectionEvents connectionEvents(ClientResources clientResources) {
		return new ConnectionEvents(clientResources);
	}

	/** Counts connections Lettuce lost: each is a disconnect the application would see. */
	static final class ConnectionEvents implements DisposableBean {

		private final AtomicLong deactivated = new AtomicLong();

		private final Disposable subscription;

		ConnectionEvents(ClientResources clientResources) {
			this.subscription = clientResources.eventBus().get().subscribe((event) -> {
				if (event instanceof ConnectionDeactivatedEvent) {
					this.deactivated.incrementAndGet();
				}
			});
		}

		long deactivated() {
			return this.deactivated.get();
		}

		@Override
		public void destroy() {
			this.subscription.dispose();
		}

	}

	/** Starts an emulator issuing short tokens, each with its own oid, and a Redis accepting them. */
	static EntraEmulator emulator(Duration tokenLifetime) {
		EntraEmulator emulator = EntraEmulator.start();
		emulator.registerSecretClient(CLIENT_ID, CLIENT_SECRET);
		emulator.tokenLifetime(tokenLifetime);
		emulator.oidPerToken(true);
		return emulator;
	}

	static void properties(DynamicPropertyRegistry registry, EntraEmulator emulator, RedisServer redis,
			String clientName) {
		properties(registry, emulator, redis, clientName, CLIENT_ID);
	}

	static void properties(DynamicPropertyRegistry registry, EntraEmulator emulator, RedisServer redis,
			String clientName, String clientId) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("spring.data.redis.client-name", () -> clientName);
		emulator.starterProperties(clientId, CLIENT_SECRET).forEach((name, value) -> registry.add(name, () -> value));
	}

	/** Runs commands on the shared, the reactive and the pub/sub connection. */
	static void exercise(StringRedisTemplate template, ReactiveStringRedisTemplate reactiveTemplate,
			BlockingQueue<String> receivedMessages, String value) {
		receivedMessages.clear();
		template.opsForValue().set("key", value);
		assertThat(template.opsForValue().get("key")).isEqualTo(value);
		assertThat(reactiveTemplate.opsForValue().get("key").block(Duration.ofSeconds(10))).isEqualTo(value);
		template.convertAndSend(CHANNEL, value);
		try {
			assertThat(receivedMessages.poll(10, TimeUnit.SECONDS)).isEqualTo(value);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The user (oid) of the token the application holds now. */
	static String newestUser(TokenManagers tokenManagers) {
		TokenManager manager = tokenManagers.managers()
			.stream()
			.filter((candidate) -> candidate.scope().equals("https://redis.azure.com/.default"))
			.findFirst()
			.orElseThrow();
		return AccessTokenClaims.parse(manager.token().getToken()).oid();
	}

	static TokenManager redisTokenManager(TokenManagers tokenManagers) {
		return tokenManagers.managers()
			.stream()
			.filter((candidate) -> candidate.scope().equals("https://redis.azure.com/.default"))
			.findFirst()
			.orElseThrow();
	}

	/** Waits until the application has at least the given number of named connections. */
	static List<RedisConnectionInfo> awaitConnections(RedisServer redis, String clientName, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> redis.connections(clientName).size() >= count);
		List<RedisConnectionInfo> connections = redis.connections(clientName);
		assertThat(connections).hasSizeGreaterThanOrEqualTo(count);
		return connections;
	}

}
