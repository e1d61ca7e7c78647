package io.github.entraauth.kafka;

import java.time.Instant;
import java.util.Set;

import com.azure.core.credential.AccessToken;
import io.github.entraauth.token.AccessTokenClaims;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.jspecify.annotations.Nullable;

/**
 * An Entra ID access token as Kafka's login sees it.
 * <p>
 * Deliberately a class with identity equality, not a record: Kafka keeps tokens in a JAAS
 * {@code Subject}'s credential set and, on re-login, adds the new one and then removes the old one.
 * Two tokens that compare equal (same string) would leave the set empty.
 */
final class EntraOAuthBearerToken implements OAuthBearerToken {

	private final String value;

	private final long lifetimeMs;

	private final long startTimeMs;

	private final String principalName;

	private final boolean startKnown;

	private EntraOAuthBearerToken(String value, long lifetimeMs, long startTimeMs, String principalName,
			boolean startKnown) {
		this.value = value;
		this.startKnown = startKnown;
		this.lifetimeMs = lifetimeMs;
		this.startTimeMs = startTimeMs;
		this.principalName = principalName;
	}

	/**
	 * A new token object for an access token: lifetime from {@code exp}, start from {@code iat} (or
	 * now) and the principal from {@code oid} (or the application id).
	 */
	static EntraOAuthBearerToken of(AccessToken token, long nowMillis) {
		String jwt = token.getToken();
		AccessTokenClaims claims = claims(jwt);
		Instant expiresAt = (claims != null && claims.expiresAt() != null) ? claims.expiresAt()
				: token.getExpiresAt().toInstant();
		boolean startKnown = claims != null && claims.issuedAt() != null;
		long start = startKnown ? claims.issuedAt().toEpochMilli() : nowMillis;
		String principal = (claims != null && claims.oid() != null) ? claims.oid()
				: (claims != null && claims.appId() != null) ? claims.appId() : "unknown";
		return new EntraOAuthBearerToken(jwt, expiresAt.toEpochMilli(), start, principal, startKnown);
	}

	/** Whether less than the given fraction of the token's life (iat to exp) remains; false without iat. */
	boolean isInLastPartOfLife(long nowMillis, double fraction) {
		long life = this.lifetimeMs - this.startTimeMs;
		return this.startKnown && life > 0 && (this.lifetimeMs - nowMillis) < life * fraction;
	}

	/** Event Hubs and most brokers take JWTs; an opaque token still works, without claims. */
	private static @Nullable AccessTokenClaims claims(String jwt) {
		try {
			return AccessTokenClaims.parse(jwt);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String value() {
		return this.value;
	}

	@Override
	public Set<String> scope() {
		return Set.of();
	}

	@Override
	public long lifetimeMs() {
		return this.lifetimeMs;
	}

	@Override
	public String principalName() {
		return this.principalName;
	}

	@Override
	public Long startTimeMs() {
		return this.startTimeMs;
	}

	@Override
	public String toString() {
		return "EntraOAuthBearerToken[principal=" + this.principalName + ", expiresAt="
				+ Instant.ofEpochMilli(this.lifetimeMs) + "]";
	}

}
