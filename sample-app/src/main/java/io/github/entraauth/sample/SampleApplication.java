package io.github.entraauth.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * An order-processing service that reaches Kafka, Redis and Spark through Livy with Microsoft
 * Entra ID tokens only. The {@code local} profile (the default) runs everything on embedded
 * peers; the {@code azure} profile points the same code at real Azure resources. With
 * {@code --sample.instances=2} a second instance starts on the next port, sharing the first one's peers, users,
 * tokens and Livy sessions through Redis, as two instances behind a load balancer would.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// once the first instance is up, before its demo job runs
		application.addListeners((ApplicationListener<ApplicationStartedEvent>) (event) -> startOthers(
				event.getApplicationContext(), args));
		application.run(args);
	}

	private static void startOthers(ConfigurableApplicationContext first, String[] args) {
		int instances = first.getEnvironment().getProperty("sample.instances", Integer.class, 1);
		Integer port = first.getEnvironment().getProperty("local.server.port", Integer.class);
		for (int instance = 2; instance <= instances && port != null; instance++) {
			startAnother(args, port + instance - 1);
			System.out.printf("Instance %d: http://localhost:%d/ (same users, sessions and Livy sessions)%n", instance,
					port + instance - 1);
		}
	}

	/** Another instance on its own port: it joins the local peers and leaves the demo job to the first. */
	static ConfigurableApplicationContext startAnother(String[] args, int port) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.removeIf((argument) -> argument.startsWith("--server.port="));
		arguments.addAll(List.of("--server.port=" + port, "--sample.local.join=true", "--sample.demo.enabled=false"));
		return SpringApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
	}

	/** With several instances, the users' recent results are in Redis, which every instance reads. */
	@Bean
	@ConditionalOnProperty(name = "sample.recent-results", havingValue = "redis")
	RecentResults redisRecentResults(StringRedisTemplate redis) {
		return new RedisRecentResults(redis);
	}

	/** Per-user results in this instance's memory, when it runs alone. */
	@Bean
	@ConditionalOnMissingBean(RecentResults.class)
	RecentResults recentResults() {
		return new InMemoryRecentResults(1000);
	}

}
