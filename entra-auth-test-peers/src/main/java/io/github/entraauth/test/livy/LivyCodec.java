package io.github.entraauth.test.livy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two JSON dialects: Apache Livy (int ids, 201 + {@code Location} on create, {@code from/size} paging,
 * {@code {msg}} errors) and Fabric (GUID ids, 202 on create, {@code $top/$skip} paging,
 * {@code {errorCode,message,requestId}} errors, PascalCase states).
 */
final class LivyCodec {

	private final ObjectMapper json = JsonMapper.builder().build();

	private final LivySettings settings;

	private final AtomicInteger nextId = new AtomicInteger();

	LivyCodec(LivySettings settings) {
		this.settings = settings;
	}

	boolean fabric() {
		return this.settings.fabric();
	}

	ObjectNode object() {
		return this.json.createObjectNode();
	}

	String newId() {
		int id = this.nextId.getAndIncrement();
		return fabric() ? UUID.randomUUID().toString() : Integer.toString(id);
	}

	void putId(ObjectNode node, String id) {
		if (fabric()) {
			node.put("id", id);
		}
		else {
			node.put("id", Integer.parseInt(id));
		}
	}

	/**
	 * A request body as a JSON object with only the allowed fields, or the 400 reply that refuses it.
	 */
	record Request(@Nullable ObjectNode body, @Nullable LivyReply refusal) {
	}

	Request request(String body, Set<String> allowed) {
		ObjectNode request;
		try {
			request = parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			return new Request(null, error(400, "InvalidRequest", ex.getMessage()));
		}
		LivyReply invalid = validateFields(request, allowed);
		return (invalid != null) ? new Request(null, invalid) : new Request(request, null);
	}

	/**
	 * A Fabric request body: as Fabric does, fields it does not use are dropped without an error, and each
	 * field it uses must have its JSON type (or be absent).
	 */
	Request fabricRequest(String body, Map<String, JsonNodeType> types) {
		ObjectNode request;
		try {
			request = parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			return new Request(null, error(400, "InvalidRequest", ex.getMessage()));
		}
		request.retain(types.keySet());
		for (Map.Entry<String, JsonNodeType> type : types.entrySet()) {
			JsonNode value = request.get(type.getKey());
			if (value != null && !value.isNull() && value.getNodeType() != type.getValue()) {
				return new Request(null, error(400, "InvalidRequest", "Field \"" + type.getKey() + "\" must be a JSON "
						+ type.getValue().name().toLowerCase(java.util.Locale.ROOT) + ", not " + value));
			}
		}
		return new Request(request, null);
	}

	ObjectNode parseObject(String body) {
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

	/** An error reply for the first field that is not allowed or is null, as Livy's Jackson binding answers. */
	@Nullable LivyReply validateFields(ObjectNode request, Set<String> allowed) {
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

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	static Map<String, String> params(@Nullable String query) {
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

	LivyReply ok(int status, JsonNode body) {
		return new LivyReply(status, this.json.writeValueAsString(body));
	}

	/** 201 with a {@code Location} for Apache, or the Fabric status without one. */
	LivyReply created(JsonNode body, int fabricStatus, String location) {
		if (fabric()) {
			return ok(fabricStatus, body);
		}
		return ok(201, body).header("Location", location);
	}

	LivyReply error(int status, String code, String message) {
		ObjectNode node = object();
		if (fabric()) {
			node.put("errorCode", code);
			node.put("message", message);
			node.put("requestId", UUID.randomUUID().toString());
		}
		else {
			node.put("msg", message);
		}
		return ok(status, node);
	}

	LivyReply notAllowed() {
		return error(405, "MethodNotAllowed", "Method not allowed");
	}

	LivyReply notFound(String what) {
		return error(404, "NotFound", what);
	}

	ObjectNode message(String msg) {
		ObjectNode node = object();
		node.put("msg", msg);
		return node;
	}

	LivyReply page(List<ObjectNode> all, Map<String, String> params, String apacheKey) {
		ObjectNode node = object();
		int from = Integer.parseInt(params.getOrDefault(fabric() ? "$skip" : "from", "0"));
		int size = Integer.parseInt(params.getOrDefault(fabric() ? "$top" : "size", fabric() ? "20" : "100"));
		ArrayNode items = this.json.createArrayNode();
		all.stream().skip(from).limit(size).forEach(items::add);
		if (fabric()) {
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

	/** Apache's {@code GET .../log?from=&size=} answer. */
	LivyReply log(String id, List<String> lines, @Nullable String query) {
		Map<String, String> params = params(query);
		int from = Integer.parseInt(params.getOrDefault("from", "0"));
		int size = Integer.parseInt(params.getOrDefault("size", "100"));
		ObjectNode node = object();
		putId(node, id);
		node.put("from", from);
		node.put("total", lines.size());
		ArrayNode log = node.putArray("log");
		lines.stream().skip(from).limit(size).forEach(log::add);
		return ok(200, node);
	}

	LivyReply version(String apacheVersion) {
		ObjectNode node = object();
		node.put("version", apacheVersion);
		node.put("user", "livy");
		node.put("revision", "emulated");
		node.put("branch", "emulated");
		node.put("date", "2026-01-01T00:00:00Z");
		node.put("url", "https://github.com/apache/incubator-livy");
		return ok(200, node);
	}

	ObjectNode session(EmulatedSession session) {
		ObjectNode node = object();
		String state = session.state();
		if (!fabric()) {
			node.put("id", Integer.parseInt(session.id));
			node.put("name", session.name);
			node.putNull("appId");
			node.putNull("owner");
			node.putNull("proxyUser");
			node.put("state", state);
			node.put("kind", session.kind);
			putAppInfo(node);
			session.log.forEach(node.putArray("log")::add);
			return node;
		}
		node.put("id", session.id);
		node.put("name", session.name);
		node.put("appId", "application_" + session.id.substring(0, 8));
		node.put("state", state);
		node.putObject("livyInfo").put("currentState", fabricCase(session.laggingState()));
		ObjectNode fabricInfo = node.putObject("fabricSessionStateInfo");
		fabricInfo.put("state", state.equals("not_started") ? "Queued" : fabricCase(state));
		fabricInfo.putNull("errorMessage");
		ObjectNode tags = node.putObject("tags");
		JsonNode requested = session.request.get("tags");
		if (requested != null && requested.isObject()) {
			tags.setAll((ObjectNode) requested);
		}
		session.log.forEach(node.putArray("log")::add);
		return node;
	}

	ObjectNode statement(EmulatedStatement statement) {
		ObjectNode node = object();
		node.put("id", statement.id);
		node.put("code", statement.code);
		String state = statement.state();
		node.put("state", state);
		node.put("progress", state.equals("available") ? 1.0 : (state.equals("running") ? 0.5 : 0.0));
		node.put("started", statement.started);
		node.put("completed", state.equals("available") ? this.settings.clock.millis() : 0);
		if (state.equals("available") && statement.revealed()) {
			node.set("output", output(statement.id, statement.output));
		}
		else {
			node.putNull("output");
		}
		return node;
	}

	ObjectNode batch(EmulatedBatch batch) {
		ObjectNode node = object();
		putId(node, batch.id);
		node.put("name", batch.name);
		node.put("appId", "application_batch_" + batch.id);
		node.put("state", batch.state());
		putAppInfo(node);
		batch.log.forEach(node.putArray("log")::add);
		return node;
	}

	private ObjectNode output(int executionCount, StatementOutput output) {
		ObjectNode node = object();
		node.put("status", output.status());
		node.put("execution_count", executionCount);
		if (output.status().equals("error")) {
			node.put("ename", output.ename());
			node.put("evalue", output.evalue());
			output.traceback().forEach(node.putArray("traceback")::add);
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

	private static void putAppInfo(ObjectNode node) {
		ObjectNode appInfo = node.putObject("appInfo");
		appInfo.putNull("driverLogUrl");
		appInfo.putNull("sparkUiUrl");
	}

	private static String fabricCase(String state) {
		StringBuilder result = new StringBuilder();
		for (String part : state.split("_")) {
			result.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return result.toString();
	}

}
