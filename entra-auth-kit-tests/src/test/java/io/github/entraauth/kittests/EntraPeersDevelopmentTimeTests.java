package io.github.entraauth.kittests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.test.boot.EntraPeersConfiguration;
import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The development-time line of docs/testing.md: the user's own main method, run with the local peers added, as
 * Boot runs an application with its Testcontainers. Closing it stops the application before its peers, quietly.
 */
@ExtendWith(OutputCaptureExtension.class)
class EntraPeersDevelopmentTimeTests {

	@Test
	void theApplicationsMainRunsOnThePeersAndStopsBeforeThem(CapturedOutput output) {
		ConfigurableApplicationContext context = SpringApplication.from(OrderApplication::main)
			.with(EntraPeersConfiguration.class)
			.run()
			.getApplicationContext();
		RedisServer redis = context.getBean(RedisServer.class);
		LivyEmulator livy = context.getBean(LivyEmulator.class);
		context.getBean(StringRedisTemplate.class).opsForValue().set("dev", "time");
		// left open: the service deletes it when the application stops, which needs the emulator still running
		LivySession session = context.getBean(LivyService.class).startSession();
		assertThat(session.sql("SELECT 1 AS one").table().rows()).hasSize(1);

		int before = output.length();
		context.close();
		String shutdown = output.toString().substring(before);

		assertThat(livy.requests("DELETE", "/sessions/" + session.id())).singleElement()
			.satisfies((request) -> assertThat(request.status()).isEqualTo(200));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(redis.host(), redis.port()), 1000);
			}
		});
		assertThat(shutdown).doesNotContain("Cannot reconnect", " ERROR ", "\tat ");
		// the embedded broker's own threads (Kafka's cluster test kit) may warn while it stops; nothing else may
		assertThat(shutdown.lines().filter((line) -> line.contains(" WARN ")))
			.allSatisfy((line) -> assertThat(line).contains("[ster-test-kit-"));
	}

}
