package io.github.entraauth.test.entra;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints and signs the emulator's access tokens with the current lifetime and oid policy, notifies the
 * {@link TokenIssuedListener listeners} and counts the token responses.
 */
final class TokenIssuer {

	private static final Logger logger = LoggerFactory.getLogger(TokenIssuer.class);

	private final TokenSigner signer = new TokenSigner("entra-emulator");

	private final String tenantId;

	private final Supplier<String> issuer;

	private final List<TokenIssuedListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger issued = new AtomicInteger();

	private final Map<String, AtomicInteger> issuedByAudience = new ConcurrentHashMap<>();

	private volatile Duration lifetime;

	private volatile boolean oidPerToken;

	TokenIssuer(String tenantId, Supplier<String> issuer, Duration lifetime, boolean oidPerToken) {
		this.tenantId = tenantId;
		this.issuer = issuer;
		this.lifetime = lifetime;
		this.oidPerToken = oidPerToken;
	}

	Duration lifetime() {
		return this.lifetime;
	}

	void lifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	void oidPerToken(boolean enabled) {
		this.oidPerToken = enabled;
	}

	void addListener(TokenIssuedListener listener) {
		this.listeners.add(listener);
	}

	JWKSet publicJwks() {
		return new JWKSet(this.signer.publicKey());
	}

	JWTClaimsSet verify(String jwt) {
		return this.signer.verify(jwt);
	}

	String sign(JWTClaimsSet claims) {
		return this.signer.sign(claims);
	}

	/** Mints a token with the current lifetime and notifies the listeners; the caller then responds. */
	IssuedToken issue(Principal principal, String audience, String azpacr) {
		IssuedToken token = mint(principal, audience, this.lifetime, azpacr);
		notifyListeners(token);
		return token;
	}

	IssuedToken mint(Principal principal, String audience, Duration lifetime, String azpacr) {
		String oid = principal.nextOid(this.oidPerToken);
		Instant expiresAt = Instant.now().plus(lifetime);
		String jwt = this.signer.sign(TokenSigner.accessTokenClaims(this.issuer.get(), this.tenantId,
				principal.clientId(), oid, audience, azpacr, principal.roles(), expiresAt));
		// exp has second precision in the JWT
		return new IssuedToken(principal.clientId(), oid, audience, jwt, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
	}

	void notifyListeners(IssuedToken token) {
		EmulatorSecrets.add(token.jwt());
		for (TokenIssuedListener listener : this.listeners) {
			listener.tokenIssued(token);
		}
	}

	/** Counts a token once its response is about to be written. */
	void countIssued(IssuedToken token) {
		this.issued.incrementAndGet();
		this.issuedByAudience.computeIfAbsent(token.audience(), (audience) -> new AtomicInteger()).incrementAndGet();
		logger.debug("Issued token for client {} with oid {} and audience {}", token.clientId(), token.oid(),
				token.audience());
	}

	int issued() {
		return this.issued.get();
	}

	int issued(String audience) {
		AtomicInteger count = this.issuedByAudience.get(audience);
		return (count != null) ? count.get() : 0;
	}

	void resetCounters() {
		this.issued.set(0);
		this.issuedByAudience.clear();
	}

	static Duration requirePositive(Duration lifetime) {
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("Token lifetime must be positive, was " + lifetime);
		}
		return lifetime;
	}

}
