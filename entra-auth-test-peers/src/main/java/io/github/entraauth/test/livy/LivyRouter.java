package io.github.entraauth.test.livy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Maps a method and a path below the base URL to the sessions, statements and batches it acts on. One lock,
 * this router's, guards all of their state.
 */
final class LivyRouter {

	private static final Pattern SESSION = Pattern.compile("/sessions/([^/]+)");

	private static final Pattern SESSION_SUB = Pattern.compile("/sessions/([^/]+)/(state|log|connect|reset-timeout)");

	private static final Pattern STATEMENTS = Pattern.compile("/sessions/([^/]+)/statements");

	private static final Pattern STATEMENT = Pattern.compile("/sessions/([^/]+)/statements/(\\d+)");

	private static final Pattern CANCEL = Pattern.compile("/sessions/([^/]+)/statements/(\\d+)/cancel");

	private static final Pattern HC_SESSION = Pattern.compile("/highConcurrencySessions/([^/]+)");

	private static final Pattern REPL_STATEMENTS = Pattern
		.compile("/sessions/([^/]+)/repls/([^/]+)/statements(?:/(\\d+)(/cancel)?)?");

	private static final Pattern BATCH = Pattern.compile("/batches/([^/]+)");

	private static final Pattern BATCH_SUB = Pattern.compile("/batches/([^/]+)/(state|log)");

	private final LivySettings settings;

	private final LivyCodec codec;

	private final LivySessions sessions;

	private final LivyBatches batches;

	private final LivyHighConcurrency highConcurrency;

	LivyRouter(LivySettings settings, LivyCodec codec) {
		this.settings = settings;
		this.codec = codec;
		this.sessions = new LivySessions(settings, codec);
		this.batches = new LivyBatches(settings, codec);
		this.highConcurrency = new LivyHighConcurrency(settings, codec, this.sessions);
	}

	LivySessions sessions() {
		return this.sessions;
	}

	LivyBatches batches() {
		return this.batches;
	}

	LivyHighConcurrency highConcurrency() {
		return this.highConcurrency;
	}

	synchronized LivyReply route(String method, String path, @Nullable String query, String body) {
		this.sessions.expireIdle();
		Matcher m;
		if (path.equals("/version") && method.equals("GET") && !this.settings.fabric()) {
			return this.codec.version(this.settings.apacheVersion);
		}
		if (path.equals("/sessions")) {
			return switch (method) {
				case "GET" -> this.sessions.list(query);
				case "POST" -> this.sessions.create(body);
				default -> this.codec.notAllowed();
			};
		}
		if ((m = CANCEL.matcher(path)).matches() && method.equals("POST")) {
			return this.sessions.cancel(m.group(1), m.group(2));
		}
		if ((m = STATEMENT.matcher(path)).matches() && method.equals("GET")) {
			return this.sessions.getStatement(m.group(1), m.group(2));
		}
		if ((m = STATEMENTS.matcher(path)).matches()) {
			return switch (method) {
				case "GET" -> this.sessions.listStatements(m.group(1));
				case "POST" -> this.sessions.submit(m.group(1), body);
				default -> this.codec.notAllowed();
			};
		}
		if ((m = SESSION_SUB.matcher(path)).matches()) {
			return this.sessions.sub(method, m.group(1), m.group(2), query);
		}
		if ((m = SESSION.matcher(path)).matches()) {
			return switch (method) {
				case "GET" -> this.sessions.get(m.group(1));
				case "DELETE" -> this.sessions.delete(m.group(1));
				default -> this.codec.notAllowed();
			};
		}
		if (this.settings.fabric() && path.equals("/highConcurrencySessions")) {
			return switch (method) {
				case "GET" -> this.highConcurrency.list(query);
				case "POST" -> this.highConcurrency.acquire(body);
				default -> this.codec.notAllowed();
			};
		}
		if (this.settings.fabric() && (m = HC_SESSION.matcher(path)).matches()) {
			return switch (method) {
				case "GET" -> this.highConcurrency.get(m.group(1));
				case "DELETE" -> this.highConcurrency.release(m.group(1));
				default -> this.codec.notAllowed();
			};
		}
		if (this.settings.fabric() && (m = REPL_STATEMENTS.matcher(path)).matches()) {
			return this.highConcurrency.statements(method, m.group(1), m.group(2), m.group(3), m.group(4) != null,
					body);
		}
		if (path.equals("/batches")) {
			return switch (method) {
				case "GET" -> this.batches.list(query);
				case "POST" -> this.batches.create(body);
				default -> this.codec.notAllowed();
			};
		}
		if ((m = BATCH_SUB.matcher(path)).matches() && method.equals("GET")) {
			return this.batches.sub(m.group(1), m.group(2), query);
		}
		if ((m = BATCH.matcher(path)).matches()) {
			return switch (method) {
				case "GET" -> this.batches.get(m.group(1));
				case "DELETE" -> this.batches.delete(m.group(1));
				default -> this.codec.notAllowed();
			};
		}
		return this.codec.notFound("No route for " + method + " " + path);
	}

}
