package io.github.entraauth.test.livy;

import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import io.github.entraauth.test.entra.EmulatorSecrets;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM Livy server speaking either the Apache Livy or the Microsoft Fabric Livy dialect on
 * {@code 127.0.0.1} and an OS-chosen port.
 * <p>
 * Sessions go {@code not_started → starting → idle ⇄ busy} as they are polled, statements
 * {@code waiting → running → available} (with one {@code available} poll whose output is still
 * {@code null}), batches {@code starting → running → success/dead}. {@code sql} statements run on
 * an in-memory H2 database; other kinds are answered from scripted responses. Bearer tokens,
 * Basic credentials, the CSRF header, request fields per emulated Apache version and unique
 * session names are enforced; idle sessions expire (polling is not activity); faults are injected
 * per request. Every request is recorded.
 * <p>
 * Every knob can be set on the {@link #builder(Dialect) builder} before start and changed on the running
 * emulator; {@link #apache()}, {@link #fabric()} and {@link #start(Dialect)} start one with the defaults.
 */
public final class LivyEmulator implements AutoCloseable {

	/** The Livy dialect an emulator speaks. */
	public enum Dialect {

		/** Apache Livy: int ids, 201 + Location, {@code {msg}} errors. */
		APACHE,

		/** Microsoft Fabric Livy: GUID ids, 202 on create, {@code {errorCode,message,requestId}} errors. */
		FABRIC

	}

	/** The path below which the Fabric dialect serves, as in the real API. */
	public static final String FABRIC_BASE_PATH = "/v1/workspaces/%s/lakehouses/%s/livyApi/versions/2023-12-01";

	private final LivySettings settings;

	private final String basePath;

	private final LivyRouter router;

	private final LivyFaults faults;

	private final LivyHttpServer http;

	LivyEmulator(LivySettings settings) throws IOException {
		this.settings = settings;
		this.basePath = settings.fabric() ? FABRIC_BASE_PATH.formatted(UUID.randomUUID(), UUID.randomUUID()) : "";
		LivyCodec codec = new LivyCodec(settings);
		this.router = new LivyRouter(settings, codec);
		this.faults = new LivyFaults(codec);
		this.http = new LivyHttpServer(settings, codec, this.router, this.faults, this.basePath);
	}

	/**
	 * Starts an emulator of Apache Livy with the defaults (version 0.9).
	 * @return the running emulator
	 */
	public static LivyEmulator apache() {
		return start(Dialect.APACHE);
	}

	/**
	 * Starts an emulator of the Microsoft Fabric Livy API with the defaults.
	 * @return the running emulator
	 */
	public static LivyEmulator fabric() {
		return start(Dialect.FABRIC);
	}

	/**
	 * Starts an emulator of the given dialect with the defaults.
	 * @param dialect the dialect
	 * @return the running emulator
	 */
	public static LivyEmulator start(Dialect dialect) {
		return builder(dialect).start();
	}

	/**
	 * A builder to set knobs before starting.
	 * @param dialect the dialect the emulator speaks
	 * @return a new builder
	 */
	public static LivyEmulatorBuilder builder(Dialect dialect) {
		return new LivyEmulatorBuilder(dialect);
	}

	/**
	 * The base URL to configure as {@code entra.livy.base-url}: {@code http://127.0.0.1:P} for
	 * Apache, {@code http://127.0.0.1:P/v1/workspaces/…/livyApi/versions/2023-12-01} for Fabric.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.http.port() + this.basePath;
	}

	/**
	 * The dialect this emulator speaks.
	 * @return the dialect
	 */
	public Dialect dialect() {
		return this.settings.dialect;
	}

	/**
	 * Sets the emulated Apache Livy version, which decides the accepted create-session fields
	 * ({@code ttl} from 0.8, {@code idleTimeout} from 0.9) and what {@code GET /version} answers.
	 * @param version for example {@code 0.7.1-incubating}, {@code 0.8.0-incubating} or {@code <unknown>}
	 * @return this emulator
	 */
	public LivyEmulator apacheVersion(String version) {
		this.settings.apacheVersion = version;
		return this;
	}

	/**
	 * Whether Apache POST and DELETE requests must carry {@code X-Requested-By}, as with
	 * {@code livy.server.csrf-protection.enabled=true}; off by default, as in Livy.
	 * @param enabled whether to require the header
	 * @return this emulator
	 */
	public LivyEmulator csrfProtection(boolean enabled) {
		this.settings.csrfProtection = enabled;
		return this;
	}

	/**
	 * How many polls of a new session it takes to become idle.
	 * @param polls the number of polls
	 * @return this emulator
	 */
	public LivyEmulator sessionStartPolls(int polls) {
		this.settings.sessionStartPolls = polls;
		return this;
	}

	/**
	 * How many polls a statement spends waiting and running, and how many {@code available} polls
	 * still have a {@code null} output.
	 * @param polls polls before {@code available}
	 * @param nullOutputPolls {@code available} polls with a {@code null} output
	 * @return this emulator
	 */
	public LivyEmulator statementPolls(int polls, int nullOutputPolls) {
		this.settings.statementPolls = polls;
		this.settings.nullOutputPolls = nullOutputPolls;
		return this;
	}

	/**
	 * How many polls a batch spends starting and running.
	 * @param polls the number of polls
	 * @return this emulator
	 */
	public LivyEmulator batchPolls(int polls) {
		this.settings.batchPolls = polls;
		return this;
	}

	/**
	 * The most rows a SQL result returns (Livy's default is 1000); further rows are dropped silently.
	 * @param rows the cap
	 * @return this emulator
	 */
	public LivyEmulator sqlRowCap(int rows) {
		this.settings.sqlRowCap = rows;
		return this;
	}

	/**
	 * Expires sessions that had no activity (create, statement, cancel, keep-alive) for this long.
	 * Polling is not activity; a busy session never expires.
	 * @param timeout the idle timeout, or {@code null} for none
	 * @return this emulator
	 */
	public LivyEmulator sessionIdleTimeout(@Nullable Duration timeout) {
		this.settings.sessionIdleTimeout = timeout;
		return this;
	}

	/**
	 * Lists a new session only this long after its creation, as an eventually consistent server does; reading it
	 * by id works at once.
	 * @param delay how long a new session is missing from session listings
	 * @return this emulator
	 */
	public LivyEmulator listingDelay(Duration delay) {
		this.settings.listingDelay = delay;
		return this;
	}

	/**
	 * The clock for activity and expiry, for tests that move time themselves.
	 * @param clock the clock
	 * @return this emulator
	 */
	public LivyEmulator clock(Clock clock) {
		this.settings.clock = clock;
		return this;
	}

	/**
	 * Requires a valid bearer token on every request: RS256 signed by one of the keys, with this
	 * issuer and audience, not expired. Anything else gets 401.
	 * @param keys the signing keys, for example the Entra emulator's public JWKS
	 * @param issuer the expected issuer
	 * @param audience the expected audience, for example {@code https://api.fabric.microsoft.com}
	 * @return this emulator
	 */
	public LivyEmulator requireBearer(JWKSet keys, String issuer, String audience) {
		this.settings.bearer = BearerValidator.of(keys, issuer, audience);
		return this;
	}

	/**
	 * Requires a valid bearer token on every request, with keys read from a JWKS URL.
	 * @param jwksUrl the JWKS URL
	 * @param issuer the expected issuer
	 * @param audience the expected audience
	 * @return this emulator
	 */
	public LivyEmulator requireBearer(URL jwksUrl, String issuer, String audience) {
		this.settings.bearer = BearerValidator.of(jwksUrl, issuer, audience);
		return this;
	}

	/**
	 * Requires HTTP Basic credentials on every request.
	 * @param username the user name
	 * @param password the password
	 * @return this emulator
	 */
	public LivyEmulator requireBasic(String username, String password) {
		EmulatorSecrets.add(password);
		this.settings.basic(username, password);
		return this;
	}

	/**
	 * Replaces how statements execute (the default runs {@code sql} on H2 and answers the rest
	 * from scripts).
	 * @param executor the executor
	 * @return this emulator
	 */
	public LivyEmulator statementExecutor(StatementExecutor executor) {
		this.settings.statementExecutor = executor;
		return this;
	}

	/**
	 * Scripts the output of non-SQL statements whose code matches a regular expression.
	 * @param kind the statement kind, or {@code *} for any
	 * @param codePattern a regular expression the whole code must match
	 * @param output the output
	 * @return this emulator
	 */
	public LivyEmulator script(String kind, String codePattern, StatementOutput output) {
		synchronized (this.router) {
			this.router.sessions().script(kind, codePattern, output);
		}
		return this;
	}

	/**
	 * Makes batches whose {@code file} matches a pattern end in the given state instead of {@code success}.
	 * @param filePattern a regular expression for the file
	 * @param finalState for example {@code dead}
	 * @return this emulator
	 */
	public LivyEmulator batchOutcome(String filePattern, String finalState) {
		synchronized (this.router) {
			this.router.batches().outcome(filePattern, finalState);
		}
		return this;
	}

	/**
	 * Injects a fault into the next matching requests.
	 * @param method the HTTP method
	 * @param pathPattern a regular expression for the whole path below the base URL, for example
	 * {@code /sessions} or {@code /sessions/[^/]+/statements/\d+}
	 * @param times how many matching requests get the fault
	 * @param fault the fault
	 * @return this emulator
	 */
	public LivyEmulator inject(String method, String pathPattern, int times, Fault fault) {
		this.faults.inject(method, pathPattern, times, fault);
		return this;
	}

	/**
	 * Kills a session as if its Spark application died: it turns {@code dead} and its running
	 * statements fail.
	 * @param sessionId the session id
	 */
	public void killSession(String sessionId) {
		synchronized (this.router) {
			this.router.sessions().kill(sessionId);
		}
	}

	/**
	 * Executes SQL on the emulator's H2 database, for seeding tables.
	 * @param sql the SQL
	 */
	public void executeSql(String sql) {
		StatementOutput output = this.router.sessions().h2().execute(sql, Integer.MAX_VALUE);
		if ("error".equals(output.status())) {
			throw new IllegalArgumentException(output.evalue());
		}
	}

	/**
	 * Every request received so far, oldest first.
	 * @return the requests
	 */
	public List<RecordedLivyRequest> requests() {
		return List.copyOf(this.http.requests());
	}

	/**
	 * The requests with this method whose path matches the pattern.
	 * @param method the method
	 * @param pathPattern a regular expression for the whole path
	 * @return the matching requests
	 */
	public List<RecordedLivyRequest> requests(String method, String pathPattern) {
		return this.http.requests().stream().filter((request) -> request.matches(method, pathPattern)).toList();
	}

	/**
	 * Forgets the recorded requests.
	 */
	public void clearRequests() {
		this.http.requests().clear();
	}

	/**
	 * The ids of the sessions that exist now (not deleted, not expired).
	 * @return the ids
	 */
	public List<String> sessionIds() {
		synchronized (this.router) {
			return this.router.sessions().ids();
		}
	}

	/**
	 * The high-concurrency sessions (REPLs) acquired and not released (Fabric dialect).
	 * @return their ids
	 */
	public List<String> highConcurrencySessionIds() {
		synchronized (this.router) {
			return this.router.highConcurrency().ids();
		}
	}

	/**
	 * The Spark sessions the high-concurrency REPLs are packed onto, at most five REPLs each.
	 * @return how many there are now
	 */
	public int highConcurrencySparkSessions() {
		synchronized (this.router) {
			return this.router.highConcurrency().sparkSessions();
		}
	}

	/**
	 * The names of the sessions that exist now.
	 * @return the names
	 */
	public List<String> sessionNames() {
		synchronized (this.router) {
			return this.router.sessions().names();
		}
	}

	/**
	 * The current state of a session, or {@code null} if it does not exist.
	 * @param sessionId the id
	 * @return the state
	 */
	public @Nullable String sessionState(String sessionId) {
		synchronized (this.router) {
			return this.router.sessions().state(sessionId);
		}
	}

	/**
	 * The ids of the sessions that expired through idleness.
	 * @return the ids
	 */
	public List<String> expiredSessions() {
		return this.router.sessions().expired();
	}

	/**
	 * The JDBC URL of the H2 database SQL statements run on.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.router.sessions().h2().url();
	}

	/**
	 * What runs {@code sql} statements: {@code h2} (the built-in default) or the name of the {@link SqlEngine}
	 * in use, for example {@code spark} when {@code entra-auth-test-spark} is on the classpath.
	 * @return the engine's name
	 */
	public String sqlEngine() {
		return this.router.sessions().sqlEngine();
	}

	@Override
	public void close() {
		this.http.stop();
		this.router.highConcurrency().close();
		this.router.sessions().close();
	}

}
