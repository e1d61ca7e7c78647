package io.github.entraauth.kafka;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaScopesTests {

	@Test
	void derivesEventHubsScopeFromTheFirstServerOfAList() {
		assertThat(KafkaScopes.fromBootstrapServers(
				List.of("ns1.servicebus.windows.net:9093", "ns2.servicebus.windows.net:9093")))
			.isEqualTo("https://ns1.servicebus.windows.net/.default");
	}

	@Test
	void derivesScopeFromACommaSeparatedStringWithAnyPort() {
		assertThat(KafkaScopes.fromBootstrapServers(" broker-1.example.com:19092 , broker-2.example.com:9092"))
			.isEqualTo("https://broker-1.example.com/.default");
	}

	@Test
	void bracketsIpv6Hosts() {
		assertThat(KafkaScopes.fromBootstrapServers(List.of("[::1]:9093"))).isEqualTo("https://[::1]/.default");
	}

	@Test
	void rejectsMissingServersAndMentionsTheScopeProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaScopes.fromBootstrapServers(List.of()))
			.withMessageContaining("entra.kafka.scope");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaScopes.fromBootstrapServers("no-port"))
			.withMessageContaining("entra.kafka.scope");
	}

	@Test
	void acceptsOnlyScopesThatFitIntoAQuotedJaasOption() {
		assertThat(KafkaScopes.isValid("api://kafka/.default")).isTrue();
		assertThat(KafkaScopes.isValid("api://kafka/.default\" other=\"x")).isFalse();
		assertThat(KafkaScopes.isValid("a b")).isFalse();
	}

}
