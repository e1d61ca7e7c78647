package io.github.entraauth.test.livy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fabric's high-concurrency sessions: each acquisition is a REPL with its own state, packed by
 * {@code sessionTag} onto a shared Spark session of at most {@value #REPLS_PER_SESSION} REPLs. Its
 * {@code sessionId} and {@code replId} are reported only once it is idle; acquiring is not idempotent.
 * Callers hold the {@link LivyRouter}'s lock.
 */
final class LivyHighConcurrency {

	static final int REPLS_PER_SESSION = 5;

	private static final Map<String, JsonNodeType> FIELDS;

	static {
		Map<String, JsonNodeType> fields = new HashMap<>(LivySessions.FABRIC_SESSION_FIELDS);
		fields.put("sessionTag", JsonNodeType.STRING);
		FIELDS = Map.copyOf(fields);
	}

	private final LivySettings settings;

	private final LivyCodec codec;

	private final LivySessions sessions;

	private final Map<String, Repl> repls = new LinkedHashMap<>();

	private final Map<String, List<Repl>> sparkSessions = new LinkedHashMap<>();

	LivyHighConcurrency(LivySettings settings, LivyCodec codec, LivySessions sessions) {
		this.settings = settings;
		this.codec = codec;
		this.sessions = sessions;
	}

	LivyReply acquire(String body) {
		LivyCodec.Request parsed = this.codec.fabricRequest(body, FIELDS);
		if (parsed.refusal() != null) {
			return parsed.refusal();
		}
		ObjectNode request = parsed.body();
		String name = LivyCodec.text(request, "name");
		if (name != null && this.repls.values().stream().anyMatch((repl) -> name.equals(repl.name))) {
			return this.codec.error(400, "DuplicateSessionName", "Duplicate session name: " + name);
		}
		String tag = LivyCodec.text(request, "sessionTag");
		String sparkSessionId = this.sparkSessions.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() < REPLS_PER_SESSION && entry.getValue().get(0).tagIs(tag))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseGet(this.codec::newId);
		Repl repl = new Repl(this.codec.newId(), name, tag, sparkSessionId,
				this.sessions.open(this.codec.newId(), name, request));
		this.sparkSessions.computeIfAbsent(sparkSessionId, (id) -> new ArrayList<>()).add(repl);
		this.repls.put(repl.id, repl);
		return this.codec.ok(202, json(repl));
	}

	LivyReply list(@Nullable String query) {
		return this.codec.page(this.repls.values().stream().map(this::json).toList(), LivyCodec.params(query),
				"sessions");
	}

	LivyReply get(String id) {
		Repl repl = this.repls.get(id);
		if (repl == null) {
			return notFound(id);
		}
		repl.polls++;
		return this.codec.ok(200, json(repl));
	}

	LivyReply release(String id) {
		Repl repl = this.repls.remove(id);
		if (repl == null) {
			return notFound(id);
		}
		this.sessions.end(repl.context);
		List<Repl> packed = this.sparkSessions.get(repl.sparkSessionId);
		packed.remove(repl);
		if (packed.isEmpty()) {
			this.sparkSessions.remove(repl.sparkSessionId);
		}
		return new LivyReply(200, "");
	}

	/** A statement route below {@code /sessions/{sessionId}/repls/{replId}/statements}. */
	LivyReply statements(String method, String sessionId, String replId, @Nullable String statementId,
			boolean cancel, String body) {
		Repl repl = this.repls.values()
			.stream()
			.filter((candidate) -> candidate.idle() && candidate.sparkSessionId.equals(sessionId)
					&& candidate.context.id.equals(replId))
			.findFirst()
			.orElse(null);
		if (repl == null) {
			return this.codec.error(404, "ReplNotFound", "REPL '" + replId + "' of session '" + sessionId
					+ "' not found.");
		}
		String location = "/sessions/" + sessionId + "/repls/" + replId + "/statements/";
		if (statementId == null) {
			return method.equals("POST") ? this.sessions.submit(repl.context, body, location) : this.codec.notAllowed();
		}
		if (cancel) {
			return method.equals("POST") ? this.sessions.cancel(repl.context, statementId) : this.codec.notAllowed();
		}
		return method.equals("GET") ? this.sessions.getStatement(repl.context, statementId) : this.codec.notAllowed();
	}

	List<String> ids() {
		return List.copyOf(this.repls.keySet());
	}

	int sparkSessions() {
		return this.sparkSessions.size();
	}

	void close() {
		this.repls.values().forEach((repl) -> this.sessions.end(repl.context));
	}

	private ObjectNode json(Repl repl) {
		ObjectNode node = this.codec.object();
		node.put("id", repl.id);
		node.put("name", repl.name);
		node.put("sessionTag", repl.tag);
		node.put("state", repl.idle() ? "idle" : "starting");
		// known only once idle, as on Fabric
		node.put("sessionId", repl.idle() ? repl.sparkSessionId : null);
		node.put("replId", repl.idle() ? repl.context.id : null);
		return node;
	}

	private LivyReply notFound(String id) {
		return this.codec.error(404, "HighConcurrencySessionNotFound", "High concurrency session '" + id
				+ "' not found.");
	}

	private final class Repl {

		final String id;

		final @Nullable String name;

		final @Nullable String tag;

		final String sparkSessionId;

		final EmulatedSession context;

		int polls;

		Repl(String id, @Nullable String name, @Nullable String tag, String sparkSessionId, EmulatedSession context) {
			this.id = id;
			this.name = name;
			this.tag = tag;
			this.sparkSessionId = sparkSessionId;
			this.context = context;
		}

		boolean idle() {
			return this.polls >= LivyHighConcurrency.this.settings.sessionStartPolls;
		}

		boolean tagIs(@Nullable String other) {
			return this.tag != null && this.tag.equals(other);
		}

	}

}
