package io.github.entraauth.sanitize;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks secrets (client secrets, certificate and other passwords, tokens, private keys, connection strings, the
 * Azure environment variables such as AZURE_CLIENT_SECRET) in Actuator's env and configprops endpoints, even when
 * an operator sets show-values=always. Independent of every integration, so it masks whichever is configured.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class EntraSanitizingAutoConfiguration {

	@Bean
	SanitizingFunction entraSecretsSanitizingFunction() {
		return (data) -> SecretKeys.isSecret(data.getKey()) ? data.withSanitizedValue() : data;
	}

}
