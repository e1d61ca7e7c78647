package io.github.entraauth;

import io.github.entraauth.kafka.EntraKafkaAutoConfiguration;
import io.github.entraauth.kafka.EntraOAuthBearerLoginCallbackHandler;
import io.github.entraauth.security.EntraTokenStoreAutoConfiguration;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.ImportRuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter is ready for Spring AOT and native images: what it makes libraries create by reflection is hinted.
 */
class RuntimeHintsTests {

	@Test
	void kafkaCanCreateTheLoginCallbackHandlerAndLoginModuleNamedInItsConfiguration() throws Exception {
		RuntimeHints hints = hintsOf(EntraKafkaAutoConfiguration.class);

		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(EntraOAuthBearerLoginCallbackHandler.class.getConstructor())).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(OAuthBearerLoginModule.class.getConstructor())).accepts(hints);
	}

	@Test
	void theTokensStoredInRedisAreHintedForJacksonBinding() {
		RuntimeHints hints = hintsOf(EntraTokenStoreAutoConfiguration.class);

		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("io.github.entraauth.security.RedisAuthorizedClients$StoredTokens")))
			.accepts(hints);
	}

	private static RuntimeHints hintsOf(Class<?> configuration) {
		RuntimeHints hints = new RuntimeHints();
		for (Class<?> registrar : configuration.getAnnotation(ImportRuntimeHints.class).value()) {
			RuntimeHintsRegistrar hinted = (RuntimeHintsRegistrar) BeanUtils.instantiateClass(registrar);
			hinted.registerHints(hints, RuntimeHintsTests.class.getClassLoader());
		}
		return hints;
	}

}
