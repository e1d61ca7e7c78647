package io.github.entraauth.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.token.AccessTokenClaims;
import io.github.entraauth.token.TokenListener;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenUnavailableException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

/**
 * A streaming Lettuce {@link RedisCredentialsProvider} whose password is the current Entra ID
 * access token and whose user name is {@code entra.redis.username} or the token's {@code oid}
 * claim.
 * <p>
 * Every token the {@link TokenManager} obtains is emitted on {@link #credentials()}; with
 * {@code ReauthenticateBehavior.ON_NEW_CREDENTIALS} Lettuce then sends {@code AUTH} on every live
 * connection, so none is closed when the previous token expires. New connections and reconnects
 * take the newest token from {@link #resolveCredentials()}. One instance serves every connection
 * of an application context.
 */
public final class EntraRedisCredentialsProvider
		implements RedisCredentialsProvider, SmartInitializingSingleton, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EntraRedisCredentialsProvider.class);

	private static final String USERNAME_PROPERTY = "entra.redis.username";

	private final TokenManager tokenManager;

	private final @Nullable String username;

	/** Replays the newest credentials to each connection that (re)subscribes on activation. */
	private final Sinks.Many<RedisCredentials> sink = Sinks.many().replay().latest();

	private final AtomicReference<@Nullable String> lastEmitted = new AtomicReference<>();

	private final TokenListener listener = new Emitter();

	private final boolean awaitFirstToken;

	private volatile boolean running;

	/**
	 * Creates a provider that does not hold up the context start for a token; see
	 * {@link #EntraRedisCredentialsProvider(TokenManager, String, boolean)}.
	 * @param tokenManager the manager of the Redis-scoped tokens
	 * @param username the Redis user name, or {@code null} to use each token's {@code oid} claim
	 */
	public EntraRedisCredentialsProvider(TokenManager tokenManager, @Nullable String username) {
		this(tokenManager, username, false);
	}

	/**
	 * Creates a provider and starts following the manager's tokens.
	 * @param tokenManager the manager of the Redis-scoped tokens
	 * @param username the Redis user name, or {@code null} to use each token's {@code oid} claim
	 * @param awaitFirstToken whether the context start waits for the first token (and fails if it has no
	 * {@code oid} to use as user name); otherwise the token manager fetches it in the background once the
	 * application is ready, and a connection opened before that waits for it
	 */
	public EntraRedisCredentialsProvider(TokenManager tokenManager, @Nullable String username,
			boolean awaitFirstToken) {
		this.tokenManager = tokenManager;
		this.username = (username != null && !username.isBlank()) ? username : null;
		this.awaitFirstToken = awaitFirstToken;
		this.running = true;
		tokenManager.addListener(this.listener);
	}

	@Override
	public Mono<RedisCredentials> resolveCredentials() {
		// off the event loop: the first call may wait for the token fetch in flight
		return Mono.fromCallable(() -> credentialsFor(this.tokenManager.token().getToken()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public boolean supportsStreaming() {
		return true;
	}

	@Override
	public Flux<RedisCredentials> credentials() {
		return this.sink.asFlux();
	}

	/**
	 * The scope of the tokens this provider sends.
	 * @return the scope
	 */
	public String scope() {
		return this.tokenManager.scope();
	}

	/**
	 * Replaces the token now and sends it to every live connection. Does nothing if the credential
	 * returns the token already sent.
	 * @throws TokenUnavailableException if no token could be obtained
	 */
	public void refresh() {
		// the manager notifies the listener, which emits the new token
		this.tokenManager.refresh();
	}

	/**
	 * Re-authenticates every live connection with the newest valid token, for example after Redis
	 * rejected a re-AUTH: a new token if the credential gives one, otherwise the current token
	 * again, since a credential's cache may hand back the token already sent, which would
	 * otherwise never be sent again.
	 * @return whether the token sent is the one already sent before
	 * @throws TokenUnavailableException if no valid token could be obtained
	 */
	public boolean reauthenticate() {
		String sent = this.lastEmitted.get();
		AccessToken token = this.tokenManager.refresh();
		boolean resent = token.getToken().equals(sent);
		// a new token was emitted by the listener already; emitting it again is a no-op
		emit(token.getToken(), resent);
		return resent;
	}

	/** With {@code awaitFirstToken}, waits (at most the fetch timeout) for the first token. */
	@Override
	public void afterSingletonsInstantiated() {
		if (!this.awaitFirstToken) {
			return;
		}
		AccessToken token;
		try {
			token = this.tokenManager.token();
		}
		catch (TokenUnavailableException ex) {
			logger.warn("No Entra ID token for Redis yet; connections will wait for one: " + ex.getMessage());
			return;
		}
		// a token without an oid and no configured user name is a configuration error: fail startup
		emit(token.getToken(), false);
	}

	@Override
	public void start() {
		if (!this.running) {
			this.running = true;
			this.tokenManager.addListener(this.listener);
		}
	}

	/** Stops emitting before Lettuce shuts down (this phase stops before the connection factory). */
	@Override
	public void stop() {
		this.running = false;
		this.tokenManager.removeListener(this.listener);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/** Emits a token once; again only when forced. */
	private void emit(String jwt, boolean force) {
		RedisCredentials credentials = credentialsFor(jwt);
		if (!this.running || (jwt.equals(this.lastEmitted.getAndSet(jwt)) && !force)) {
			return;
		}
		Sinks.EmitResult result = this.sink.tryEmitNext(credentials);
		if (result.isFailure()) {
			// concurrent emitters: retry briefly; never terminate the sink
			this.sink.emitNext(credentials, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(2)));
		}
	}

	RedisCredentials credentialsFor(String jwt) {
		String user = this.username;
		if (user == null) {
			user = oid(jwt);
		}
		return RedisCredentials.just(user, jwt);
	}

	private static String oid(String jwt) {
		String oid;
		try {
			oid = AccessTokenClaims.parse(jwt).oid();
		}
		catch (IllegalArgumentException ex) {
			throw new EntraConfigurationException(USERNAME_PROPERTY,
					"the Redis user name cannot be read from the access token: " + ex.getMessage(),
					"Set " + USERNAME_PROPERTY + " to the object id of the identity that Redis grants access to.");
		}
		if (oid == null || oid.isBlank()) {
			throw new EntraConfigurationException(USERNAME_PROPERTY,
					"the access token has no oid claim to use as the Redis user name",
					"Set " + USERNAME_PROPERTY + " to the user name (object id) that Redis grants access to.");
		}
		return oid;
	}

	/** A class of its own, not a lambda: a lambda's method would put an azure type among this bean's methods. */
	private final class Emitter implements TokenListener {

		@Override
		public void tokenRefreshed(AccessToken token) {
			emit(token.getToken(), false);
		}

	}

}
