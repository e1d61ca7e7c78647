package io.github.entraauth.kittests;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A new application as docs/getting-started.md has one write it: the starter and Boot's Kafka and Redis starters,
 * configured only through properties (its tests use the local peers instead).
 */
@SpringBootApplication
public class OrderApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderApplication.class, args);
	}

}
