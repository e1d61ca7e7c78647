package io.github.entraauth.token;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import io.github.entraauth.credential.EntraIdentity;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Creates and owns the {@link TokenManager}s of an application: exactly one per credential and
 * scope, sharing one refresh thread. Closing it stops every refresh.
 */
public final class TokenManagers implements AutoCloseable {

	private final RefreshSettings settings;

	private final Clock clock;

	private final Map<Key, TokenManager> managers = new ConcurrentHashMap<>();

	private final List<Consumer<TokenManager>> creationListeners = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService fetchExecutor;

	private volatile boolean firstFetchesDeferred;

	/**
	 * Creates an empty set of managers.
	 * @param settings how the managers refresh and retry
	 */
	public TokenManagers(RefreshSettings settings) {
		this(settings, Clock.systemUTC());
	}

	/**
	 * Creates an empty set of managers that read the time from a clock.
	 * @param settings how the managers refresh and retry
	 * @param clock the clock tokens' expiry is compared with
	 */
	public TokenManagers(RefreshSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("entra-token-refresh"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.fetchExecutor = Executors.newCachedThreadPool(daemonThreads("entra-token-fetch"));
	}

	/**
	 * Returns the manager for an identity and scope, creating it (and starting its first fetch
	 * in the background, unless {@linkplain #deferFirstFetches() deferred}) on first use. The identity's credential
	 * is not touched until the first fetch.
	 * @param identity the identity whose credential obtains the tokens
	 * @param scope the scope, for example {@code https://redis.azure.com/.default}
	 * @return the one manager for that identity and scope
	 */
	public TokenManager forIdentity(EntraIdentity identity, String scope) {
		if (scope.isBlank()) {
			throw new IllegalArgumentException("A token scope must not be blank");
		}
		TokenManager manager = this.managers.computeIfAbsent(new Key(identity, scope), (key) -> {
			TokenManager created = new TokenManager(identity, scope, this.settings, this.clock, this.scheduler,
					this.fetchExecutor);
			this.creationListeners.forEach((listener) -> listener.accept(created));
			return created;
		});
		// after the put: a manager created while fetches are deferred is started by startDeferredFetches()
		if (!this.firstFetchesDeferred) {
			manager.start();
		}
		return manager;
	}

	/**
	 * Makes managers created from now on wait with their first background fetch until
	 * {@link #startDeferredFetches()}, or until a caller asks for a token, so that building the credential and
	 * asking Entra ID do not compete with the application's start.
	 */
	public void deferFirstFetches() {
		this.firstFetchesDeferred = true;
	}

	/**
	 * Starts the first background fetch of every manager that has not fetched yet; managers created from now on
	 * fetch at once again.
	 */
	public void startDeferredFetches() {
		this.firstFetchesDeferred = false;
		this.managers.values().forEach(TokenManager::start);
	}

	/**
	 * Runs an action for every manager, those that exist now and those created later (before
	 * their first fetch), for example to register metrics.
	 * @param action the action
	 */
	public void forEachManager(Consumer<TokenManager> action) {
		this.creationListeners.add(action);
		this.managers.values().forEach(action);
	}

	/**
	 * The clock the managers compare expiry times with, for anything that reports on them.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Every manager created so far.
	 * @return the managers
	 */
	public List<TokenManager> managers() {
		return List.copyOf(this.managers.values());
	}

	@Override
	public void close() {
		this.managers.values().forEach(TokenManager::close);
		this.scheduler.shutdownNow();
		this.fetchExecutor.shutdownNow();
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix + "-");
		factory.setDaemon(true);
		return factory;
	}

	/** Identities are equal when they share their credential: two beans are two identities even if equal. */
	private record Key(EntraIdentity identity, String scope) {

	}

}
