package io.github.entraauth.livy.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when Livy is configured ({@code entra.livy.base-url} is set, or a {@link LivyConnectionDetails}
 * bean says where it is) and not switched off ({@code entra.livy.enabled}). The one place that spells this
 * condition, for Livy's own auto-configurations and those that build on it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnLivy.LivyConfigured.class)
@ConditionalOnBooleanProperty(name = "entra.livy.enabled", matchIfMissing = true)
public @interface ConditionalOnLivy {

	/** A base URL from the properties or from a service connection. */
	final class LivyConfigured extends AnyNestedCondition {

		LivyConfigured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(EntraLivyProperties.BASE_URL)
		static class BaseUrlProperty {

		}

		@ConditionalOnBean(LivyConnectionDetails.class)
		static class ConnectionDetailsBean {

		}

	}

}
