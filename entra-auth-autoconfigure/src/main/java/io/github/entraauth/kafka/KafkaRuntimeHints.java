package io.github.entraauth.kafka;

import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What Kafka creates by class name from the configuration the starter writes: the login callback handler
 * ({@code sasl.login.callback.handler.class}) and the JAAS login module ({@code sasl.jaas.config}).
 */
class KafkaRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(EntraOAuthBearerLoginCallbackHandler.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)
			.registerType(OAuthBearerLoginModule.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
	}

}
