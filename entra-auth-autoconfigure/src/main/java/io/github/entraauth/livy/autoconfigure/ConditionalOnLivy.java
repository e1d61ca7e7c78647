package io.github.entraauth.livy.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when Livy is configured ({@code entra.livy.base-url} is set) and not switched off
 * ({@code entra.livy.enabled}). The one place that spells this condition, for Livy's own
 * auto-configurations and those that build on it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(EntraLivyProperties.BASE_URL)
@ConditionalOnBooleanProperty(name = "entra.livy.enabled", matchIfMissing = true)
public @interface ConditionalOnLivy {

}
