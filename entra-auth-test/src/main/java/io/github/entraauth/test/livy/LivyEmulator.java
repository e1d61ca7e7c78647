package io.github.entraauth.test.livy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

	private static final Pattern SESSION = Pattern.compile("/sessions/([^/]+)");

	private static final Pattern SESSION_SUB = Pattern.compile("/sessions/([^/]+)/(state|log|connect|reset-timeout)");

	private static final Pattern STATEMENTS = Pattern.compile("/sessions/([^/]+)/statements");

	private static final Pattern STATEMENT = Pattern.compile("/sessions/([^/]+)/statements/(\\d+)");

	private static final Pattern CANCEL = Pattern.compile("/sessions/([^/]+)/statements/(\\d+)/cancel");

	private static final Pattern BATCH = Pattern.compile("/batches/([^/]+)");

	private static final Pattern BATCH_SUB = Pattern.compile("/batches/([^/]+)/(state|log)");

	private static final Set<String> APACHE_07_SESSION_FIELDS = Set.of("kind", "proxyUser", "jars", "pyFiles", "files",
			"driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "archives", "queue",
			"name", "conf", "heartbeatTimeoutInSecond");

	private static final Set<String> FABRIC_SESSION_FIELDS = Set.of("name", "archives", "conf", "driverMemory",
			"driverCores", "executorMemory", "executorCores", "numExecutors", "tags", "jars", "pyFiles", "files");

	private static final Set<String> BATCH_FIELDS = Set.of("file", "proxyUser", "className", "args", "jars", "pyFiles",
			"files", "driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "archives",
			"queue", "name", "conf");

	private static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
		.withZone(ZoneOffset.UTC);

	static {
		// without TCP_NODELAY every small response waits ~40 ms for a delayed ACK (Nagle); read once per JVM
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final ObjectMapper json = JsonMapper.builder().build();

	private final Dialect dialect;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String basePath;

	private final H2SqlExecutor h2 = new H2SqlExecutor();

	private final List<RecordedLivyRequest> requests = new CopyOnWriteArrayList<>();

	private final List<String> expiredSessions = new CopyOnWriteArrayList<>();

	private final List<FaultRule> faults = new ArrayList<>();

	private final List<Script> scripts = new ArrayList<>();

	private final Map<String, String> batchOutcomes = new LinkedHashMap<>();

	private final Map<String, EmulatedSession> sessions = new LinkedHashMap<>();

	private final Map<String, EmulatedBatch> batches = new LinkedHashMap<>();

	private int nextId;

	private volatile Clock clock = Clock.systemUTC();

	private volatile String apacheVersion = "0.9.0-incubating";

	private volatile boolean csrfProtection = true;

	private volatile int sessionStartPolls = 2;

	private volatile int statementPolls = 2;

	private volatile int nullOutputPolls = 1;

	private volatile int batchPolls = 2;

	private volatile int sqlRowCap = 1000;

	private volatile @Nullable Duration sessionIdleTimeout;

	private volatile Duration listingDelay = Duration.ZERO;

	private volatile @Nullable BearerValidator bearer;

	private volatile @Nullable String basicCredentials;

	private volatile @Nullable StatementExecutor statementExecutor;

	private LivyEmulator(Dialect dialect) throws IOException {
		this.dialect = dialect;
		this.basePath = (dialect == Dialect.FABRIC)
				? FABRIC_BASE_PATH.formatted(UUID.randomUUID(), UUID.randomUUID()) : "";
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "livy-emulator");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Starts an emulator of Apache Livy (version 0.9 unless changed with {@link #apacheVersion}).
	 * @return the running emulator
	 */
	public static LivyEmulator apache() {
		return start(Dialect.APACHE);
	}

	/**
	 * Starts an emulator of the Microsoft Fabric Livy API.
	 * @return the running emulator
	 */
	public static LivyEmulator fabric() {
		return start(Dialect.FABRIC);
	}

	/**
	 * Starts an emulator of the given dialect.
	 * @param dialect the dialect
	 * @return the running emulator
	 */
	public static LivyEmulator start(Dialect dialect) {
		try {
			return new LivyEmulator(dialect);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the Livy emulator", ex);
		}
	}

	// ---- configuration -------------------------------------------------------------------

	/**
	 * The base URL to configure as {@code entra.livy.base-url}: {@code http://127.0.0.1:P} for
	 * Apache, {@code http://127.0.0.1:P/v1/workspaces/…/livyApi/versions/2023-12-01} for Fabric.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + this.basePath;
	}

	/**
	 * The dialect this emulator speaks.
	 * @return the dialect
	 */
	public Dialect dialect() {
		return this.dialect;
	}

	/**
	 * Sets the emulated Apache Livy version, which decides the accepted create-session fields
	 * ({@code ttl} from 0.8, {@code idleTimeout} from 0.9) and what {@code GET /version} answers.
	 * @param version for example {@code 0.7.1-incubating}, {@code 0.8.0-incubating} or {@code <unknown>}
	 * @return this emulator
	 */
	public LivyEmulator apacheVersion(String version) {
		this.apacheVersion = version;
		return this;
	}

	/**
	 * Whether Apache POST and DELETE requests must carry {@code X-Requested-By} (on by default, as
	 * with {@code livy.server.csrf-protection.enabled=true}).
	 * @param enabled whether to require the header
	 * @return this emulator
	 */
	public LivyEmulator csrfProtection(boolean enabled) {
		this.csrfProtection = enabled;
		return this;
	}

	/**
	 * How many polls of a new session it takes to become idle.
	 * @param polls the number of polls
	 * @return this emulator
	 */
	public LivyEmulator sessionStartPolls(int polls) {
		this.sessionStartPolls = polls;
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
		this.statementPolls = polls;
		this.nullOutputPolls = nullOutputPolls;
		return this;
	}

	/**
	 * How many polls a batch spends starting and running.
	 * @param polls the number of polls
	 * @return this emulator
	 */
	public LivyEmulator batchPolls(int polls) {
		this.batchPolls = polls;
		return this;
	}

	/**
	 * The most rows a SQL result returns (Livy's default is 1000); further rows are dropped silently.
	 * @param rows the cap
	 * @return this emulator
	 */
	public LivyEmulator sqlRowCap(int rows) {
		this.sqlRowCap = rows;
		return this;
	}

	/**
	 * Expires sessions that had no activity (create, statement, cancel, keep-alive) for this long.
	 * Polling is not activity; a busy session never expires.
	 * @param timeout the idle timeout, or {@code null} for none
	 * @return this emulator
	 */
	public LivyEmulator sessionIdleTimeout(@Nullable Duration timeout) {
		this.sessionIdleTimeout = timeout;
		return this;
	}

	/**
	 * Lists a new session only this long after its creation, as an eventually consistent server does;
	 * reading it by id works at once.
	 * @param delay how long a new session is missing from session listings
	 * @return this emulator
	 */
	public LivyEmulator listingDelay(Duration delay) {
		this.listingDelay = delay;
		return this;
	}

	/**
	 * The clock for activity and expiry, for tests that move time themselves.
	 * @param clock the clock
	 * @return this emulator
	 */
	public LivyEmulator clock(Clock clock) {
		this.clock = clock;
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
		this.bearer = BearerValidator.of(keys, issuer, audience);
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
		this.bearer = BearerValidator.of(jwksUrl, issuer, audience);
		return this;
	}

	/**
	 * Requires HTTP Basic credentials on every request.
	 * @param username the user name
	 * @param password the password
	 * @return this emulator
	 */
	public LivyEmulator requireBasic(String username, String password) {
		this.basicCredentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Replaces how statements execute (the default runs {@code sql} on H2 and answers the rest
	 * from scripts).
	 * @param executor the executor
	 * @return this emulator
	 */
	public LivyEmulator statementExecutor(StatementExecutor executor) {
		this.statementExecutor = executor;
		return this;
	}

	/**
	 * Scripts the output of non-SQL statements whose code matches a regular expression.
	 * @param kind the statement kind, or {@code *} for any
	 * @param codePattern a regular expression the whole code must match
	 * @param output the output
	 * @return this emulator
	 */
	public synchronized LivyEmulator script(String kind, String codePattern, StatementOutput output) {
		this.scripts.add(new Script(kind, Pattern.compile(codePattern, Pattern.DOTALL), output));
		return this;
	}

	/**
	 * Makes batches whose {@code file} matches a pattern end in the given state instead of {@code success}.
	 * @param filePattern a regular expression for the file
	 * @param finalState for example {@code dead}
	 * @return this emulator
	 */
	public synchronized LivyEmulator batchOutcome(String filePattern, String finalState) {
		this.batchOutcomes.put(filePattern, finalState);
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
	public synchronized LivyEmulator inject(String method, String pathPattern, int times, Fault fault) {
		this.faults.add(new FaultRule(method, Pattern.compile(pathPattern), times, fault));
		return this;
	}

	/**
	 * Kills a session as if its Spark application died: it turns {@code dead} and its running
	 * statements fail.
	 * @param sessionId the session id
	 */
	public synchronized void killSession(String sessionId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session != null) {
			session.dead = "dead";
			session.log.add("Spark application died");
		}
	}

	/**
	 * Executes SQL on the emulator's H2 database, for seeding tables.
	 * @param sql the SQL
	 */
	public void executeSql(String sql) {
		StatementOutput output = this.h2.execute(sql, Integer.MAX_VALUE);
		if ("error".equals(output.status())) {
			throw new IllegalArgumentException(output.evalue());
		}
	}

	// ---- observation ----------------------------------------------------------------------

	/**
	 * Every request received so far, oldest first.
	 * @return the requests
	 */
	public List<RecordedLivyRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The requests with this method whose path matches the pattern.
	 * @param method the method
	 * @param pathPattern a regular expression for the whole path
	 * @return the matching requests
	 */
	public List<RecordedLivyRequest> requests(String method, String pathPattern) {
		return this.requests.stream().filter((request) -> request.matches(method, pathPattern)).toList();
	}

	/**
	 * Forgets the recorded requests.
	 */
	public void clearRequests() {
		this.requests.clear();
	}

	/**
	 * The ids of the sessions that exist now (not deleted, not expired).
	 * @return the ids
	 */
	public synchronized List<String> sessionIds() {
		expireIdleSessions();
		return List.copyOf(this.sessions.keySet());
	}

	/**
	 * The names of the sessions that exist now.
	 * @return the names
	 */
	public synchronized List<String> sessionNames() {
		expireIdleSessions();
		return this.sessions.values().stream().map((session) -> session.name).toList();
	}

	/**
	 * The current state of a session, or {@code null} if it does not exist.
	 * @param sessionId the id
	 * @return the state
	 */
	public synchronized @Nullable String sessionState(String sessionId) {
		expireIdleSessions();
		EmulatedSession session = this.sessions.get(sessionId);
		return (session != null) ? session.state() : null;
	}

	/**
	 * The ids of the sessions that expired through idleness.
	 * @return the ids
	 */
	public List<String> expiredSessions() {
		return List.copyOf(this.expiredSessions);
	}

	/**
	 * The JDBC URL of the H2 database SQL statements run on.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.h2.url();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		this.h2.close();
	}

	// ---- HTTP -----------------------------------------------------------------------------

	private void handle(HttpExchange exchange) throws IOException {
		Instant at = this.clock.instant();
		String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
		String rawPath = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String requestedBy = exchange.getRequestHeaders().getFirst("X-Requested-By");
		Reply reply;
		String[] identity = { null, null };
		try {
			if (!rawPath.toLowerCase(Locale.ROOT).startsWith(this.basePath.toLowerCase(Locale.ROOT))) {
				reply = error(404, "NotFound", "No such path: " + rawPath);
			}
			else {
				String path = rawPath.substring(this.basePath.length());
				if (path.isEmpty()) {
					path = "/";
				}
				reply = authenticate(exchange, identity);
				if (reply == null) {
					reply = dispatch(method, path, query, body, requestedBy);
				}
				record(method, path, query, body, reply.status, requestedBy, identity, at);
			}
		}
		catch (RuntimeException ex) {
			reply = error(500, "InternalServerError", "Emulator failure: " + ex);
			record(method, rawPath, query, body, 500, requestedBy, identity, at);
		}
		send(exchange, reply);
	}

	private void record(String method, String path, @Nullable String query, String body, int status,
			@Nullable String requestedBy, String[] identity, Instant at) {
		this.requests.add(new RecordedLivyRequest(method, path, query, body, status, requestedBy, identity[0],
				identity[1], at));
	}

	private @Nullable Reply authenticate(HttpExchange exchange, String[] identity) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		BearerValidator bearer = this.bearer;
		if (bearer != null) {
			if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return unauthorized("Missing bearer token");
			}
			try {
				String[] validated = bearer.validate(authorization.substring(7).trim());
				identity[0] = validated[0];
				identity[1] = validated[1];
			}
			catch (Exception ex) {
				return unauthorized("Invalid bearer token: " + ex.getMessage());
			}
		}
		String basic = this.basicCredentials;
		if (basic != null && (authorization == null || !authorization.equals("Basic " + basic))) {
			return unauthorized("Missing or wrong Basic credentials");
		}
		return null;
	}

	private Reply unauthorized(String message) {
		Reply reply = error(401, "Unauthorized", message);
		reply.headers.put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		return reply;
	}

	private Reply dispatch(String method, String path, @Nullable String query, String body,
			@Nullable String requestedBy) {
		if (this.dialect == Dialect.APACHE && this.csrfProtection && (method.equals("POST") || method.equals("DELETE"))
				&& (requestedBy == null || requestedBy.isBlank())) {
			return error(400, "BadRequest", "Missing Required Header for CSRF protection.");
		}
		FaultRule rule = takeFault(method, path);
		if (rule != null) {
			Fault fault = rule.fault;
			sleep(fault.delay());
			if (fault.status() == 0) {
				return route(method, path, query, body);
			}
			if (fault.processFirst()) {
				route(method, path, query, body);
			}
			return faultReply(fault);
		}
		return route(method, path, query, body);
	}

	private synchronized @Nullable FaultRule takeFault(String method, String path) {
		for (Iterator<FaultRule> it = this.faults.iterator(); it.hasNext();) {
			FaultRule rule = it.next();
			if (rule.method.equalsIgnoreCase(method) && rule.path.matcher(path).matches()) {
				if (--rule.remaining <= 0) {
					it.remove();
				}
				return rule;
			}
		}
		return null;
	}

	private Reply faultReply(Fault fault) {
		String message = switch (fault.status()) {
			case 429 -> "Request is blocked by the upstream service until: "
					+ UNTIL_FORMAT.format((fault.until() != null) ? fault.until() : this.clock.instant()) + " (UTC)";
			case 430 -> "Unable to submit this request because all the available capacity is currently being used.";
			case 404 -> "Not found";
			default -> "Injected failure " + fault.status();
		};
		if (fault.status() == 429 && fault.until() == null) {
			message = "Too many requests";
		}
		String code = (fault.errorCode() != null) ? fault.errorCode() : "InjectedFailure";
		Reply reply = error(fault.status(), code, message);
		if (fault.retryAfter() != null) {
			long seconds = (fault.retryAfter().toMillis() + 999) / 1000;
			reply.headers.put("Retry-After", Long.toString(seconds));
		}
		return reply;
	}

	private Reply route(String method, String path, @Nullable String query, String body) {
		Matcher m;
		synchronized (this) {
			expireIdleSessions();
			if (path.equals("/version") && method.equals("GET") && this.dialect == Dialect.APACHE) {
				return version();
			}
			if (path.equals("/sessions")) {
				return switch (method) {
					case "GET" -> listSessions(query);
					case "POST" -> createSession(body);
					default -> notAllowed();
				};
			}
			if ((m = CANCEL.matcher(path)).matches() && method.equals("POST")) {
				return cancel(m.group(1), m.group(2));
			}
			if ((m = STATEMENT.matcher(path)).matches() && method.equals("GET")) {
				return getStatement(m.group(1), m.group(2));
			}
			if ((m = STATEMENTS.matcher(path)).matches()) {
				return switch (method) {
					case "GET" -> listStatements(m.group(1));
					case "POST" -> submit(m.group(1), body);
					default -> notAllowed();
				};
			}
			if ((m = SESSION_SUB.matcher(path)).matches()) {
				return sessionSub(method, m.group(1), m.group(2), query);
			}
			if ((m = SESSION.matcher(path)).matches()) {
				return switch (method) {
					case "GET" -> getSession(m.group(1));
					case "DELETE" -> deleteSession(m.group(1));
					default -> notAllowed();
				};
			}
			if (path.equals("/batches")) {
				return switch (method) {
					case "GET" -> listBatches(query);
					case "POST" -> createBatch(body);
					default -> notAllowed();
				};
			}
			if ((m = BATCH_SUB.matcher(path)).matches() && method.equals("GET")) {
				return batchSub(m.group(1), m.group(2), query);
			}
			if ((m = BATCH.matcher(path)).matches()) {
				return switch (method) {
					case "GET" -> getBatch(m.group(1));
					case "DELETE" -> deleteBatch(m.group(1));
					default -> notAllowed();
				};
			}
		}
		return error(404, "NotFound", "No route for " + method + " " + path);
	}

	// ---- sessions -------------------------------------------------------------------------

	private Reply version() {
		ObjectNode node = this.json.createObjectNode();
		node.put("version", this.apacheVersion);
		node.put("user", "livy");
		node.put("revision", "emulated");
		node.put("branch", "emulated");
		node.put("date", "2026-01-01T00:00:00Z");
		node.put("url", "https://github.com/apache/incubator-livy");
		return ok(200, node);
	}

	private Reply createSession(String body) {
		ObjectNode request;
		try {
			request = parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			return error(400, "InvalidRequest", ex.getMessage());
		}
		Set<String> allowed = (this.dialect == Dialect.FABRIC) ? FABRIC_SESSION_FIELDS : apacheSessionFields();
		Reply invalid = validateFields(request, allowed);
		if (invalid != null) {
			return invalid;
		}
		String name = text(request, "name");
		if (name != null && this.sessions.values().stream().anyMatch((s) -> name.equals(s.name))) {
			return error(400, "DuplicateSessionName", "Duplicate session name: " + name);
		}
		EmulatedSession session = new EmulatedSession(newId(), name);
		String kind = text(request, "kind");
		session.kind = (kind != null) ? kind : "shared";
		session.request = request;
		session.lastActivity = this.clock.instant();
		session.listedFrom = session.lastActivity.plus(this.listingDelay);
		session.log.add("Session " + session.id + " created");
		this.sessions.put(session.id, session);
		Reply reply = ok((this.dialect == Dialect.FABRIC) ? 202 : 201, sessionJson(session));
		if (this.dialect == Dialect.APACHE) {
			reply.headers.put("Location", "/sessions/" + session.id);
		}
		return reply;
	}

	private Set<String> apacheSessionFields() {
		Set<String> fields = new java.util.HashSet<>(APACHE_07_SESSION_FIELDS);
		int[] version = parseVersion(this.apacheVersion);
		if (compare(version, 0, 8) >= 0) {
			fields.add("ttl");
		}
		if (compare(version, 0, 9) >= 0) {
			fields.add("idleTimeout");
		}
		return fields;
	}

	private static int[] parseVersion(String version) {
		Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
		return m.find() ? new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) } : new int[] { 0, 7 };
	}

	private static int compare(int[] version, int major, int minor) {
		return (version[0] != major) ? Integer.compare(version[0], major) : Integer.compare(version[1], minor);
	}

	private @Nullable Reply validateFields(ObjectNode request, Set<String> allowed) {
		for (Map.Entry<String, JsonNode> field : request.properties()) {
			if (!allowed.contains(field.getKey())) {
				return error(400, "InvalidRequest", "Unrecognized field \"" + field.getKey()
						+ "\" (class org.apache.livy.server.interactive.CreateInteractiveRequest), not marked as ignorable");
			}
			if (field.getValue().isNull()) {
				return error(400, "InvalidRequest", "Field \"" + field.getKey() + "\" must not be null");
			}
		}
		return null;
	}

	private Reply listSessions(@Nullable String query) {
		Map<String, String> params = params(query);
		Instant now = this.clock.instant();
		List<ObjectNode> all = this.sessions.values()
			.stream()
			.filter((session) -> !session.listedFrom.isAfter(now))
			.map(this::sessionJson)
			.toList();
		return pageOf(all, params, "sessions");
	}

	private Reply pageOf(List<ObjectNode> all, Map<String, String> params, String apacheKey) {
		ObjectNode node = this.json.createObjectNode();
		int from;
		int size;
		if (this.dialect == Dialect.FABRIC) {
			from = Integer.parseInt(params.getOrDefault("$skip", "0"));
			size = Integer.parseInt(params.getOrDefault("$top", "20"));
		}
		else {
			from = Integer.parseInt(params.getOrDefault("from", "0"));
			size = Integer.parseInt(params.getOrDefault("size", "100"));
		}
		ArrayNode items = this.json.createArrayNode();
		all.stream().skip(from).limit(size).forEach(items::add);
		if (this.dialect == Dialect.FABRIC) {
			node.set("items", items);
			node.put("totalCountOfMatchedItems", all.size());
			node.put("pageSize", size);
		}
		else {
			node.put("from", from);
			node.put("total", all.size());
			node.set(apacheKey, items);
		}
		return ok(200, node);
	}

	private Reply getSession(String id) {
		EmulatedSession session = this.sessions.get(id);
		if (session == null) {
			return sessionNotFound(id);
		}
		session.polls++;
		return ok(200, sessionJson(session));
	}

	private Reply sessionSub(String method, String id, String sub, @Nullable String query) {
		EmulatedSession session = this.sessions.get(id);
		if (session == null) {
			return sessionNotFound(id);
		}
		boolean apache = this.dialect == Dialect.APACHE;
		if (method.equals("GET") && sub.equals("state") && apache) {
			session.polls++;
			ObjectNode node = this.json.createObjectNode();
			node.put("id", Integer.parseInt(id));
			node.put("state", session.state());
			return ok(200, node);
		}
		if (method.equals("GET") && sub.equals("log") && apache) {
			Map<String, String> params = params(query);
			int from = Integer.parseInt(params.getOrDefault("from", "0"));
			int size = Integer.parseInt(params.getOrDefault("size", "100"));
			ObjectNode node = this.json.createObjectNode();
			node.put("id", Integer.parseInt(id));
			node.put("from", from);
			node.put("total", session.log.size());
			ArrayNode log = node.putArray("log");
			session.log.stream().skip(from).limit(size).forEach(log::add);
			return ok(200, node);
		}
		if (method.equals("POST") && sub.equals("connect") && apache) {
			session.lastActivity = this.clock.instant();
			return ok(200, sessionJson(session));
		}
		if (method.equals("POST") && sub.equals("reset-timeout") && !apache) {
			session.lastActivity = this.clock.instant();
			return new Reply(204, "");
		}
		return error(404, "NotFound", "No route for " + method + " /sessions/" + id + "/" + sub);
	}

	private Reply deleteSession(String id) {
		EmulatedSession session = this.sessions.remove(id);
		if (session == null) {
			return sessionNotFound(id);
		}
		session.statements.forEach((statement) -> statement.cancelled = true);
		if (this.dialect == Dialect.FABRIC) {
			return new Reply(200, "");
		}
		return ok(200, message("deleted"));
	}

	private void expireIdleSessions() {
		Duration timeout = this.sessionIdleTimeout;
		if (timeout == null) {
			return;
		}
		Instant now = this.clock.instant();
		for (Iterator<EmulatedSession> it = this.sessions.values().iterator(); it.hasNext();) {
			EmulatedSession session = it.next();
			if (session.busy()) {
				session.lastActivity = now;
			}
			else if (session.lastActivity.plus(timeout).isBefore(now)) {
				it.remove();
				this.expiredSessions.add(session.id);
			}
		}
	}

	private ObjectNode sessionJson(EmulatedSession session) {
		ObjectNode node = this.json.createObjectNode();
		String state = session.state();
		if (this.dialect == Dialect.APACHE) {
			node.put("id", Integer.parseInt(session.id));
			node.put("name", session.name);
			node.putNull("appId");
			node.putNull("owner");
			node.putNull("proxyUser");
			node.put("state", state);
			node.put("kind", session.kind);
			ObjectNode appInfo = node.putObject("appInfo");
			appInfo.putNull("driverLogUrl");
			appInfo.putNull("sparkUiUrl");
			ArrayNode log = node.putArray("log");
			session.log.forEach(log::add);
			return node;
		}
		node.put("id", session.id);
		node.put("name", session.name);
		node.put("appId", "application_" + session.id.substring(0, 8));
		node.put("state", state);
		ObjectNode livyInfo = node.putObject("livyInfo");
		livyInfo.put("currentState", fabricCase(session.laggingState()));
		ObjectNode fabricInfo = node.putObject("fabricSessionStateInfo");
		fabricInfo.put("state", state.equals("not_started") ? "Queued" : fabricCase(state));
		fabricInfo.putNull("errorMessage");
		ObjectNode tags = node.putObject("tags");
		JsonNode requested = session.request.get("tags");
		if (requested != null && requested.isObject()) {
			tags.setAll((ObjectNode) requested);
		}
		ArrayNode log = node.putArray("log");
		session.log.forEach(log::add);
		return node;
	}

	private static String fabricCase(String state) {
		StringBuilder result = new StringBuilder();
		for (String part : state.split("_")) {
			result.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return result.toString();
	}

	private Reply sessionNotFound(String id) {
		return error(404, "SessionNotFound", "Session '" + id + "' not found.");
	}

	// ---- statements -----------------------------------------------------------------------

	private Reply submit(String sessionId, String body) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return sessionNotFound(sessionId);
		}
		if (session.dead != null) {
			return error(400, "SessionNotActive", "Session " + sessionId + " is " + session.dead);
		}
		if (this.dialect == Dialect.FABRIC && !List.of("idle", "busy").contains(session.laggingState())) {
			return error(400, "SessionNotReady", "Session " + sessionId + " is " + session.laggingState());
		}
		ObjectNode request;
		try {
			request = parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			return error(400, "InvalidRequest", ex.getMessage());
		}
		Set<String> allowed = (this.dialect == Dialect.FABRIC) ? Set.of("code", "kind", "sourceId")
				: Set.of("code", "kind");
		Reply invalid = validateFields(request, allowed);
		if (invalid != null) {
			return invalid;
		}
		String code = text(request, "code");
		if (code == null) {
			return error(400, "InvalidRequest", "Missing code");
		}
		String kind = text(request, "kind");
		if (kind == null) {
			kind = session.kind.equals("shared") ? "spark" : session.kind;
		}
		EmulatedStatement statement = new EmulatedStatement(session.statements.size(), code, kind);
		statement.output = execute(kind, code);
		statement.started = this.clock.millis();
		session.statements.add(statement);
		session.lastActivity = this.clock.instant();
		Reply reply = ok((this.dialect == Dialect.FABRIC) ? 200 : 201, statementJson(statement));
		if (this.dialect == Dialect.APACHE) {
			reply.headers.put("Location", "/sessions/" + sessionId + "/statements/" + statement.id);
		}
		return reply;
	}

	private StatementOutput execute(String kind, String code) {
		StatementExecutor custom = this.statementExecutor;
		if (custom != null) {
			return custom.execute(kind, code);
		}
		for (Script script : this.scripts) {
			if ((script.kind.equals("*") || script.kind.equalsIgnoreCase(kind)) && script.code.matcher(code).matches()) {
				return script.output;
			}
		}
		if (kind.equalsIgnoreCase("sql")) {
			return this.h2.execute(code, this.sqlRowCap);
		}
		return StatementOutput.error("NotScripted", "No scripted response for " + kind + " code: " + code);
	}

	private Reply getStatement(String sessionId, String statementId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return sessionNotFound(sessionId);
		}
		int index = Integer.parseInt(statementId);
		if (index >= session.statements.size()) {
			return error(404, "StatementNotFound", "Statement not found");
		}
		EmulatedStatement statement = session.statements.get(index);
		statement.polls++;
		if (session.dead != null && !statement.finished()) {
			statement.output = StatementOutput.error("SessionDied", "The Spark application died");
			statement.polls = Integer.MAX_VALUE / 2;
		}
		return ok(200, statementJson(statement));
	}

	private Reply listStatements(String sessionId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return sessionNotFound(sessionId);
		}
		ObjectNode node = this.json.createObjectNode();
		node.put("total_statements", session.statements.size());
		ArrayNode list = node.putArray("statements");
		session.statements.forEach((statement) -> list.add(statementJson(statement)));
		return ok(200, node);
	}

	private Reply cancel(String sessionId, String statementId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return sessionNotFound(sessionId);
		}
		int index = Integer.parseInt(statementId);
		if (index >= session.statements.size()) {
			return error(404, "StatementNotFound", "Statement not found");
		}
		EmulatedStatement statement = session.statements.get(index);
		if (!statement.finished()) {
			statement.cancelled = true;
		}
		session.lastActivity = this.clock.instant();
		return ok(200, message("canceled"));
	}

	private ObjectNode statementJson(EmulatedStatement statement) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", statement.id);
		node.put("code", statement.code);
		String state = statement.state();
		node.put("state", state);
		node.put("progress", state.equals("available") ? 1.0 : (state.equals("running") ? 0.5 : 0.0));
		node.put("started", statement.started);
		node.put("completed", state.equals("available") ? this.clock.millis() : 0);
		if (state.equals("available") && statement.revealed()) {
			node.set("output", outputJson(statement.id, statement.output));
		}
		else {
			node.putNull("output");
		}
		return node;
	}

	private ObjectNode outputJson(int executionCount, StatementOutput output) {
		ObjectNode node = this.json.createObjectNode();
		node.put("status", output.status());
		node.put("execution_count", executionCount);
		if (output.status().equals("error")) {
			node.put("ename", output.ename());
			node.put("evalue", output.evalue());
			ArrayNode traceback = node.putArray("traceback");
			output.traceback().forEach(traceback::add);
			return node;
		}
		ObjectNode data = node.putObject("data");
		if (output.text() != null) {
			data.put("text/plain", output.text());
		}
		if (output.json() != null) {
			data.set("application/json", output.json());
		}
		return node;
	}

	// ---- batches --------------------------------------------------------------------------

	private Reply createBatch(String body) {
		ObjectNode request;
		try {
			request = parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			return error(400, "InvalidRequest", ex.getMessage());
		}
		Set<String> allowed = new java.util.HashSet<>(BATCH_FIELDS);
		if (this.dialect == Dialect.FABRIC) {
			allowed.add("tags");
		}
		Reply invalid = validateFields(request, allowed);
		if (invalid != null) {
			return invalid;
		}
		String file = text(request, "file");
		if (file == null) {
			return error(400, "InvalidRequest", "Missing file");
		}
		String finalState = "success";
		for (Map.Entry<String, String> outcome : this.batchOutcomes.entrySet()) {
			if (file.matches(outcome.getKey())) {
				finalState = outcome.getValue();
			}
		}
		EmulatedBatch batch = new EmulatedBatch(newId(), text(request, "name"), finalState);
		batch.log.add("Batch " + batch.id + " submitted: " + file);
		this.batches.put(batch.id, batch);
		Reply reply = ok((this.dialect == Dialect.FABRIC) ? 202 : 201, batchJson(batch));
		if (this.dialect == Dialect.APACHE) {
			reply.headers.put("Location", "/batches/" + batch.id);
		}
		return reply;
	}

	private Reply listBatches(@Nullable String query) {
		return pageOf(this.batches.values().stream().map(this::batchJson).toList(), params(query), "sessions");
	}

	private Reply getBatch(String id) {
		EmulatedBatch batch = this.batches.get(id);
		if (batch == null) {
			return error(404, "BatchNotFound", "Batch '" + id + "' not found.");
		}
		batch.polls++;
		return ok(200, batchJson(batch));
	}

	private Reply batchSub(String id, String sub, @Nullable String query) {
		EmulatedBatch batch = this.batches.get(id);
		if (batch == null) {
			return error(404, "BatchNotFound", "Batch '" + id + "' not found.");
		}
		ObjectNode node = this.json.createObjectNode();
		putId(node, id);
		if (sub.equals("state")) {
			batch.polls++;
			node.put("state", batch.state());
			return ok(200, node);
		}
		Map<String, String> params = params(query);
		int from = Integer.parseInt(params.getOrDefault("from", "0"));
		int size = Integer.parseInt(params.getOrDefault("size", "100"));
		node.put("from", from);
		node.put("total", batch.log.size());
		ArrayNode log = node.putArray("log");
		batch.log.stream().skip(from).limit(size).forEach(log::add);
		return ok(200, node);
	}

	private Reply deleteBatch(String id) {
		EmulatedBatch batch = this.batches.remove(id);
		if (batch == null) {
			return error(404, "BatchNotFound", "Batch '" + id + "' not found.");
		}
		return ok(200, message("deleted"));
	}

	private ObjectNode batchJson(EmulatedBatch batch) {
		ObjectNode node = this.json.createObjectNode();
		putId(node, batch.id);
		node.put("name", batch.name);
		node.put("appId", "application_batch_" + batch.id);
		node.put("state", batch.state());
		ObjectNode appInfo = node.putObject("appInfo");
		appInfo.putNull("driverLogUrl");
		appInfo.putNull("sparkUiUrl");
		ArrayNode log = node.putArray("log");
		batch.log.forEach(log::add);
		return node;
	}

	// ---- plumbing -------------------------------------------------------------------------

	private String newId() {
		int id = this.nextId++;
		return (this.dialect == Dialect.FABRIC) ? UUID.randomUUID().toString() : Integer.toString(id);
	}

	private void putId(ObjectNode node, String id) {
		if (this.dialect == Dialect.APACHE) {
			node.put("id", Integer.parseInt(id));
		}
		else {
			node.put("id", id);
		}
	}

	private ObjectNode parseObject(String body) {
		JsonNode node;
		try {
			node = this.json.readTree(body.isBlank() ? "{}" : body);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Malformed JSON: " + ex.getMessage());
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException("Expected a JSON object");
		}
		return (ObjectNode) node;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static Map<String, String> params(@Nullable String query) {
		Map<String, String> params = new HashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
				}
			}
		}
		return params;
	}

	private ObjectNode message(String msg) {
		ObjectNode node = this.json.createObjectNode();
		node.put("msg", msg);
		return node;
	}

	private Reply notAllowed() {
		return error(405, "MethodNotAllowed", "Method not allowed");
	}

	private Reply error(int status, String code, String message) {
		ObjectNode node = this.json.createObjectNode();
		if (this.dialect == Dialect.FABRIC) {
			node.put("errorCode", code);
			node.put("message", message);
			node.put("requestId", UUID.randomUUID().toString());
		}
		else {
			node.put("msg", message);
		}
		return ok(status, node);
	}

	private Reply ok(int status, JsonNode body) {
		return new Reply(status, this.json.writeValueAsString(body));
	}

	private static void sleep(Duration delay) {
		if (!delay.isZero()) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void send(HttpExchange exchange, Reply reply) throws IOException {
		reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(reply.status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		else {
			exchange.sendResponseHeaders(reply.status, -1);
		}
		exchange.close();
	}

	private static final class Reply {

		final int status;

		final String body;

		final Map<String, String> headers = new LinkedHashMap<>();

		Reply(int status, String body) {
			this.status = status;
			this.body = body;
		}

	}

	private record Script(String kind, Pattern code, StatementOutput output) {
	}

	private static final class FaultRule {

		final String method;

		final Pattern path;

		final Fault fault;

		int remaining;

		FaultRule(String method, Pattern path, int times, Fault fault) {
			this.method = method;
			this.path = path;
			this.remaining = times;
			this.fault = fault;
		}

	}

	private final class EmulatedSession {

		final String id;

		final @Nullable String name;

		final List<EmulatedStatement> statements = new ArrayList<>();

		final List<String> log = new ArrayList<>();

		String kind = "shared";

		ObjectNode request = LivyEmulator.this.json.createObjectNode();

		Instant lastActivity = Instant.EPOCH;

		Instant listedFrom = Instant.EPOCH;

		int polls;

		@Nullable String dead;

		EmulatedSession(String id, @Nullable String name) {
			this.id = id;
			this.name = name;
		}

		boolean busy() {
			return this.dead == null && this.statements.stream().anyMatch((s) -> !s.finished());
		}

		String state() {
			return stateAt(this.polls);
		}

		/** Fabric's {@code livyInfo.currentState} trails {@code state} by one poll. */
		String laggingState() {
			return stateAt(this.polls - 1);
		}

		private String stateAt(int polls) {
			if (this.dead != null) {
				return this.dead;
			}
			int startPolls = LivyEmulator.this.sessionStartPolls;
			if (polls <= 0 && startPolls > 0) {
				return (LivyEmulator.this.dialect == Dialect.FABRIC) ? "not_started" : "starting";
			}
			if (polls < startPolls) {
				return "starting";
			}
			return busy() ? "busy" : "idle";
		}

	}

	private final class EmulatedStatement {

		final int id;

		final String code;

		final String kind;

		StatementOutput output = StatementOutput.ok("");

		int polls;

		long started;

		boolean cancelled;

		int cancelPolls;

		EmulatedStatement(int id, String code, String kind) {
			this.id = id;
			this.code = code;
			this.kind = kind;
		}

		String state() {
			if (this.cancelled) {
				return (this.cancelPolls++ < 1) ? "cancelling" : "cancelled";
			}
			if (this.polls <= 0) {
				return "waiting";
			}
			if (this.output.neverEnds() || this.polls < LivyEmulator.this.statementPolls) {
				return "running";
			}
			return "available";
		}

		boolean revealed() {
			return this.polls >= LivyEmulator.this.statementPolls + LivyEmulator.this.nullOutputPolls;
		}

		boolean finished() {
			return this.cancelled || (!this.output.neverEnds() && revealed());
		}

	}

	private final class EmulatedBatch {

		final String id;

		final @Nullable String name;

		final String finalState;

		final List<String> log = new ArrayList<>();

		int polls;

		EmulatedBatch(String id, @Nullable String name, String finalState) {
			this.id = id;
			this.name = name;
			this.finalState = finalState;
		}

		String state() {
			int total = LivyEmulator.this.batchPolls;
			if (this.polls < total / 2 + 1 && this.polls < total) {
				return "starting";
			}
			if (this.polls < total) {
				return "running";
			}
			return this.finalState;
		}

	}

}
