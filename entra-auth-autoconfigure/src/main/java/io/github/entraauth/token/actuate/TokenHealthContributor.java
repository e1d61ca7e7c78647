package io.github.entraauth.token.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import io.github.entraauth.token.TokenStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per token scope in use, listed as managers are created: UP while a valid
 * token is held, DOWN with the last error once the token has expired, UNKNOWN before the first
 * token.
 */
class TokenHealthContributor implements CompositeHealthContributor {

	private final TokenManagers managers;

	TokenHealthContributor(TokenManagers managers) {
		this.managers = managers;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return indicators().get(name);
	}

	@Override
	public Stream<Entry> stream() {
		return indicators().entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
	}

	private Map<String, HealthIndicator> indicators() {
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		for (TokenManager manager : this.managers.managers()) {
			String name = name(manager.scope());
			for (int i = 2; indicators.containsKey(name); i++) {
				name = name(manager.scope()) + "-" + i;
			}
			indicators.put(name, () -> health(manager.status(), this.managers.clock().instant()));
		}
		return indicators;
	}

	/** Health paths cannot hold the scope's slashes and colons: {@code https://redis.azure.com/.default} becomes {@code redis.azure.com}. */
	static String name(String scope) {
		String name = scope.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("/\\.default$", "");
		return name.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("(^-+|-+$)", "").toLowerCase(Locale.ROOT);
	}

	static Health health(TokenStatus status, Instant now) {
		Health.Builder builder;
		if (status.isValidAt(now)) {
			builder = Health.up();
		}
		else if (status.expiresAt() == null && status.failures() == 0) {
			builder = Health.unknown().withDetail("state", "awaiting the first token");
		}
		else {
			builder = Health.down();
		}
		builder.withDetail("scope", status.scope()).withDetail("identity", status.identity());
		detail(builder, "expiresAt", status.expiresAt());
		detail(builder, "lastRefresh", status.lastRefresh());
		detail(builder, "nextRefresh", status.nextRefresh());
		builder.withDetail("consecutiveFailures", status.consecutiveFailures());
		detail(builder, "lastErrorType", status.lastErrorType());
		detail(builder, "lastErrorMessage", status.lastErrorMessage());
		return builder.build();
	}

	private static void detail(Health.Builder builder, String name, @Nullable Object value) {
		if (value != null) {
			builder.withDetail(name, value);
		}
	}

}
