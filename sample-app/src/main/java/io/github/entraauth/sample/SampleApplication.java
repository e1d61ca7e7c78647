package io.github.entraauth.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An order-processing service that reaches Kafka, Redis and Spark through Livy with Microsoft
 * Entra ID tokens only. The {@code local} profile (the default) runs everything on embedded
 * peers; the {@code azure} profile points the same code at real Azure resources.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	/** Per-user results in this instance's memory; a shared store's bean (Redis) replaces it for several instances. */
	@Bean
	@ConditionalOnMissingBean(RecentResults.class)
	RecentResults recentResults() {
		return new InMemoryRecentResults(1000);
	}

}
