package io.github.entraauth.test.livy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Interactive sessions and their statements: creation with per-dialect and per-version request fields, unique
 * names, idle expiry (polling is not activity), statement execution through a custom executor, scripts or H2.
 * Callers hold the {@link LivyRouter}'s lock.
 */
final class LivySessions {

	private static final Set<String> APACHE_07_SESSION_FIELDS = Set.of("kind", "proxyUser", "jars", "pyFiles", "files",
			"driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "archives", "queue",
			"name", "conf", "heartbeatTimeoutInSecond");

	/** The fields Fabric's session create uses and their types; it ignores others, such as Livy's {@code kind}. */
	static final Map<String, JsonNodeType> FABRIC_SESSION_FIELDS = Map.ofEntries(
			Map.entry("name", JsonNodeType.STRING), Map.entry("archives", JsonNodeType.ARRAY),
			Map.entry("conf", JsonNodeType.OBJECT), Map.entry("driverMemory", JsonNodeType.STRING),
			Map.entry("driverCores", JsonNodeType.NUMBER), Map.entry("executorMemory", JsonNodeType.STRING),
			Map.entry("executorCores", JsonNodeType.NUMBER), Map.entry("numExecutors", JsonNodeType.NUMBER),
			Map.entry("tags", JsonNodeType.OBJECT), Map.entry("jars", JsonNodeType.ARRAY),
			Map.entry("pyFiles", JsonNodeType.ARRAY), Map.entry("files", JsonNodeType.ARRAY));

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

	private final LivySettings settings;

	private final LivyCodec codec;

	private final H2SqlExecutor h2 = new H2SqlExecutor();

	private final @Nullable SqlEngine engine;

	private final Map<String, EmulatedSession> sessions = new LinkedHashMap<>();

	private final List<String> expired = new CopyOnWriteArrayList<>();

	private final List<Script> scripts = new ArrayList<>();

	LivySessions(LivySettings settings, LivyCodec codec) {
		this.settings = settings;
		this.codec = codec;
		this.engine = (settings.sqlEngine != null) ? settings.sqlEngine
				: settings.detectSqlEngine ? ServiceLoader.load(SqlEngine.class).findFirst().orElse(null) : null;
	}

	String sqlEngine() {
		return (this.engine != null) ? this.engine.name() : "h2";
	}

	void close() {
		this.sessions.values().forEach(LivySessions::closeSql);
		this.sessions.clear();
		if (this.engine != null) {
			this.engine.close();
		}
		this.h2.close();
	}

	private static void closeSql(EmulatedSession session) {
		SqlEngine.Session sql = session.sql;
		if (sql != null) {
			sql.close();
		}
	}

	void script(String kind, String codePattern, StatementOutput output) {
		this.scripts.add(new Script(kind, Pattern.compile(codePattern, Pattern.DOTALL), output));
	}

	void kill(String sessionId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session != null) {
			session.dead = "dead";
			session.log.add("Spark application died");
		}
	}

	List<String> ids() {
		expireIdle();
		return List.copyOf(this.sessions.keySet());
	}

	List<String> names() {
		expireIdle();
		return this.sessions.values().stream().map((session) -> session.name).toList();
	}

	@Nullable String state(String sessionId) {
		expireIdle();
		EmulatedSession session = this.sessions.get(sessionId);
		return (session != null) ? session.state() : null;
	}

	List<String> expired() {
		return List.copyOf(this.expired);
	}

	H2SqlExecutor h2() {
		return this.h2;
	}

	void expireIdle() {
		Duration timeout = this.settings.sessionIdleTimeout;
		if (timeout == null) {
			return;
		}
		Instant now = this.settings.clock.instant();
		for (Iterator<EmulatedSession> it = this.sessions.values().iterator(); it.hasNext();) {
			EmulatedSession session = it.next();
			if (session.busy()) {
				session.lastActivity = now;
			}
			else if (session.lastActivity.plus(timeout).isBefore(now)) {
				it.remove();
				closeSql(session);
				this.expired.add(session.id);
			}
		}
	}

	LivyReply create(String body) {
		LivyCodec.Request parsed = this.settings.fabric() ? this.codec.fabricRequest(body, FABRIC_SESSION_FIELDS)
				: this.codec.request(body, apacheSessionFields());
		if (parsed.refusal() != null) {
			return parsed.refusal();
		}
		ObjectNode request = parsed.body();
		String name = LivyCodec.text(request, "name");
		if (name != null && this.sessions.values().stream().anyMatch((s) -> name.equals(s.name))) {
			return this.codec.error(400, "DuplicateSessionName", "Duplicate session name: " + name);
		}
		EmulatedSession session = open(this.codec.newId(), name, request);
		session.listedFrom = session.lastActivity.plus(this.settings.listingDelay);
		this.sessions.put(session.id, session);
		return this.codec.created(this.codec.session(session), 202, "/sessions/" + session.id);
	}

	/** A new execution context (a session, or a high-concurrency REPL) with its own SQL session. */
	EmulatedSession open(String id, @Nullable String name, ObjectNode request) {
		EmulatedSession session = new EmulatedSession(id, name, request, this.settings);
		String kind = LivyCodec.text(request, "kind");
		session.kind = (kind != null) ? kind : "shared";
		session.lastActivity = this.settings.clock.instant();
		session.log.add("Session " + session.id + " created");
		if (this.engine != null) {
			session.sql = this.engine.openSession(this.settings.sqlRowCap);
		}
		return session;
	}

	/** Ends an execution context that is not in the session map (a released REPL). */
	void end(EmulatedSession session) {
		session.statements.forEach((statement) -> statement.cancelled = true);
		closeSql(session);
	}

	LivyReply list(@Nullable String query) {
		Instant now = this.settings.clock.instant();
		List<ObjectNode> all = this.sessions.values()
			.stream()
			.filter((session) -> !session.listedFrom.isAfter(now))
			.map(this.codec::session)
			.toList();
		return this.codec.page(all, LivyCodec.params(query), "sessions");
	}

	LivyReply get(String id) {
		EmulatedSession session = this.sessions.get(id);
		if (session == null) {
			return notFound(id);
		}
		session.polls++;
		return this.codec.ok(200, this.codec.session(session));
	}

	LivyReply sub(String method, String id, String sub, @Nullable String query) {
		EmulatedSession session = this.sessions.get(id);
		if (session == null) {
			return notFound(id);
		}
		boolean apache = !this.settings.fabric();
		if (method.equals("GET") && sub.equals("state") && apache) {
			session.polls++;
			ObjectNode node = this.codec.object();
			node.put("id", Integer.parseInt(id));
			node.put("state", session.state());
			return this.codec.ok(200, node);
		}
		if (method.equals("GET") && sub.equals("log") && apache) {
			return this.codec.log(id, session.log, query);
		}
		if (method.equals("POST") && sub.equals("connect") && apache) {
			session.lastActivity = this.settings.clock.instant();
			return this.codec.ok(200, this.codec.session(session));
		}
		if (method.equals("POST") && sub.equals("reset-timeout") && !apache) {
			session.lastActivity = this.settings.clock.instant();
			return new LivyReply(204, "");
		}
		return this.codec.notFound("No route for " + method + " /sessions/" + id + "/" + sub);
	}

	LivyReply delete(String id) {
		EmulatedSession session = this.sessions.remove(id);
		if (session == null) {
			return notFound(id);
		}
		end(session);
		return this.settings.fabric() ? new LivyReply(200, "") : this.codec.ok(200, this.codec.message("deleted"));
	}

	private Set<String> apacheSessionFields() {
		Set<String> fields = new HashSet<>(APACHE_07_SESSION_FIELDS);
		Matcher m = VERSION.matcher(this.settings.apacheVersion);
		int[] version = m.find() ? new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) }
				: new int[] { 0, 7 };
		if (atLeast(version, 0, 8)) {
			fields.add("ttl");
		}
		if (atLeast(version, 0, 9)) {
			fields.add("idleTimeout");
		}
		return fields;
	}

	private static boolean atLeast(int[] version, int major, int minor) {
		return (version[0] != major) ? version[0] > major : version[1] >= minor;
	}

	private LivyReply notFound(String id) {
		return this.codec.error(404, "SessionNotFound", "Session '" + id + "' not found.");
	}

	LivyReply submit(String sessionId, String body) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return notFound(sessionId);
		}
		if (this.settings.fabric() && !List.of("idle", "busy").contains(session.laggingState())) {
			return this.codec.error(400, "SessionNotReady", "Session " + sessionId + " is " + session.laggingState());
		}
		return submit(session, body, "/sessions/" + sessionId + "/statements/");
	}

	/** Runs a statement in a session or a high-concurrency REPL; the location prefix names its statements. */
	LivyReply submit(EmulatedSession session, String body, String location) {
		if (session.dead != null) {
			return this.codec.error(400, "SessionNotActive", "Session " + session.id + " is " + session.dead);
		}
		LivyCodec.Request parsed = this.codec.request(body,
				this.settings.fabric() ? Set.of("code", "kind", "sourceId") : Set.of("code", "kind"));
		if (parsed.refusal() != null) {
			return parsed.refusal();
		}
		ObjectNode request = parsed.body();
		String code = LivyCodec.text(request, "code");
		if (code == null) {
			return this.codec.error(400, "InvalidRequest", "Missing code");
		}
		String kind = LivyCodec.text(request, "kind");
		if (kind == null) {
			kind = session.kind.equals("shared") ? "spark" : session.kind;
		}
		EmulatedStatement statement = new EmulatedStatement(session.statements.size(), code, kind, this.settings);
		statement.output = execute(session, kind, code);
		statement.started = this.settings.clock.millis();
		session.statements.add(statement);
		session.lastActivity = this.settings.clock.instant();
		return this.codec.created(this.codec.statement(statement), 200, location + statement.id);
	}

	LivyReply getStatement(String sessionId, String statementId) {
		EmulatedSession session = this.sessions.get(sessionId);
		return (session != null) ? getStatement(session, statementId) : notFound(sessionId);
	}

	LivyReply getStatement(EmulatedSession session, String statementId) {
		EmulatedStatement statement = statement(session, statementId);
		if (statement == null) {
			return this.codec.error(404, "StatementNotFound", "Statement not found");
		}
		statement.polls++;
		if (session.dead != null && !statement.finished()) {
			statement.fail(StatementOutput.error("SessionDied", "The Spark application died"));
		}
		return this.codec.ok(200, this.codec.statement(statement));
	}

	LivyReply listStatements(String sessionId) {
		EmulatedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return notFound(sessionId);
		}
		ObjectNode node = this.codec.object();
		node.put("total_statements", session.statements.size());
		ArrayNode list = node.putArray("statements");
		session.statements.forEach((statement) -> list.add(this.codec.statement(statement)));
		return this.codec.ok(200, node);
	}

	LivyReply cancel(String sessionId, String statementId) {
		EmulatedSession session = this.sessions.get(sessionId);
		return (session != null) ? cancel(session, statementId) : notFound(sessionId);
	}

	LivyReply cancel(EmulatedSession session, String statementId) {
		EmulatedStatement statement = statement(session, statementId);
		if (statement == null) {
			return this.codec.error(404, "StatementNotFound", "Statement not found");
		}
		if (!statement.finished()) {
			statement.cancelled = true;
		}
		session.lastActivity = this.settings.clock.instant();
		return this.codec.ok(200, this.codec.message("canceled"));
	}

	private static @Nullable EmulatedStatement statement(EmulatedSession session, String statementId) {
		int index = Integer.parseInt(statementId);
		return (index < session.statements.size()) ? session.statements.get(index) : null;
	}

	private StatementOutput execute(EmulatedSession session, String kind, String code) {
		StatementExecutor custom = this.settings.statementExecutor;
		if (custom != null) {
			return custom.execute(kind, code);
		}
		for (Script script : this.scripts) {
			if ((script.kind.equals("*") || script.kind.equalsIgnoreCase(kind)) && script.code.matcher(code).matches()) {
				return script.output;
			}
		}
		SqlEngine.Session sql = session.sql;
		if (kind.equalsIgnoreCase("sql") && sql != null) {
			return sql.execute(code);
		}
		if (kind.equalsIgnoreCase("sql")) {
			return this.h2.execute(code, this.settings.sqlRowCap);
		}
		return StatementOutput.error("NotScripted", "No scripted response for " + kind + " code: " + code);
	}

	private record Script(String kind, Pattern code, StatementOutput output) {
	}

}
