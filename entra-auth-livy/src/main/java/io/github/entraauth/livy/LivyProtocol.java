package io.github.entraauth.livy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What differs between the dialects: request bodies (version-gated on Apache, never a null or
 * an empty value), paths, paging and how states, ids and outputs are read.
 */
final class LivyProtocol {

	private static final Log logger = LogFactory.getLog(LivyProtocol.class);

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

	private final LivyDialect dialect;

	private final ObjectMapper json;

	LivyProtocol(LivyDialect dialect, ObjectMapper json) {
		this.dialect = dialect;
		this.json = json;
	}

	LivyDialect dialect() {
		return this.dialect;
	}

	/** A lenient {@code major.minor}; {@code null} when unknown (for example {@code <unknown>}). */
	static int @Nullable [] parseVersion(@Nullable String version) {
		if (version == null) {
			return null;
		}
		Matcher m = VERSION.matcher(version);
		return m.find() ? new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) } : null;
	}

	static boolean atLeast(int[] version, int major, int minor) {
		return (version[0] != major) ? version[0] > major : version[1] >= minor;
	}

	ObjectNode sessionRequest(String name, String kind, SessionOptions options, int[] apacheVersion) {
		ObjectNode body = this.json.createObjectNode();
		body.put("name", name);
		if (this.dialect == LivyDialect.APACHE) {
			body.put("kind", kind);
		}
		options.resources().writeTo(body);
		if (this.dialect == LivyDialect.FABRIC && !options.tags().isEmpty()) {
			ObjectNode tags = body.putObject("tags");
			options.tags().forEach(tags::put);
		}
		if (this.dialect == LivyDialect.APACHE) {
			Duration ttl = options.ttl();
			Duration idle = options.serverIdleTimeout();
			if (idle != null && atLeast(apacheVersion, 0, 9)) {
				body.put("idleTimeout", livyDuration(idle));
			}
			else if (idle != null && ttl == null && atLeast(apacheVersion, 0, 8)) {
				// in 0.8 ttl is the idle timeout
				body.put("ttl", livyDuration(idle));
			}
			else if (idle != null) {
				logger.warn("Not sending idleTimeout: Apache Livy " + versionText(apacheVersion) + " rejects it");
			}
			if (ttl != null && atLeast(apacheVersion, 0, 8)) {
				body.put("ttl", livyDuration(ttl));
			}
			else if (ttl != null) {
				logger.warn("Not sending ttl: Apache Livy " + versionText(apacheVersion) + " rejects it");
			}
		}
		return body;
	}

	void putHeartbeat(ObjectNode body, @Nullable Duration heartbeat) {
		if (heartbeat != null && this.dialect == LivyDialect.APACHE) {
			body.put("heartbeatTimeoutInSecond", heartbeat.toSeconds());
		}
	}

	ObjectNode batchRequest(BatchRequest request) {
		ObjectNode body = this.json.createObjectNode();
		body.put("file", request.file());
		if (request.className() != null) {
			body.put("className", request.className());
		}
		if (!request.args().isEmpty()) {
			ArrayNode args = body.putArray("args");
			request.args().forEach(args::add);
		}
		if (request.name() != null) {
			body.put("name", request.name());
		}
		request.resources().writeTo(body);
		return body;
	}

	ObjectNode statementRequest(String kind, String code) {
		ObjectNode body = this.json.createObjectNode();
		body.put("code", code);
		body.put("kind", kind);
		return body;
	}

	String listPath(String collection, int skip, int size) {
		return (this.dialect == LivyDialect.FABRIC) ? "/" + collection + "?$top=" + size + "&$skip=" + skip
				: "/" + collection + "?from=" + skip + "&size=" + size;
	}

	String keepAlivePath(String sessionId) {
		return (this.dialect == LivyDialect.FABRIC) ? "/sessions/" + sessionId + "/reset-timeout"
				: "/sessions/" + sessionId + "/connect";
	}

	/** Items of a list page: Apache {@code sessions}, Fabric {@code items} (or {@code sessions}). */
	List<JsonNode> items(JsonNode page) {
		JsonNode items = page.get("items");
		if (items == null || !items.isArray()) {
			items = page.get("sessions");
		}
		List<JsonNode> result = new ArrayList<>();
		if (items != null && items.isArray()) {
			items.forEach(result::add);
		}
		return result;
	}

	SessionInfo session(JsonNode node) {
		return new SessionInfo(id(node), LivyClient.text(node, "name"), sessionState(node),
				LivyClient.text(node, "kind"), LivyClient.text(node, "appId"), lines(node.get("log")));
	}

	Batch batch(JsonNode node) {
		return new Batch(id(node), LivyClient.text(node, "name"), state(node.get("state")),
				LivyClient.text(node, "appId"), lines(node.get("log")));
	}

	/** On Fabric {@code livyInfo.currentState} is authoritative; {@code state} runs ahead of it. */
	String sessionState(JsonNode node) {
		JsonNode livyInfo = node.get("livyInfo");
		if (livyInfo != null && livyInfo.hasNonNull("currentState")) {
			return state(livyInfo.get("currentState"));
		}
		return state(node.get("state"));
	}

	static String id(JsonNode node) {
		JsonNode id = node.get("id");
		if (id == null || id.isNull()) {
			throw new LivyException("Livy answered without an id: " + node);
		}
		return id.asString();
	}

	static String state(@Nullable JsonNode state) {
		return (state == null || state.isNull()) ? "unknown" : state.asString().toLowerCase(Locale.ROOT);
	}

	static List<String> lines(@Nullable JsonNode log) {
		List<String> lines = new ArrayList<>();
		if (log != null && log.isArray()) {
			log.forEach((line) -> lines.add(line.asString()));
		}
		return lines;
	}

	/** A statement result from an output that is present; errors are thrown. */
	StatementResult result(String statementId, String state, JsonNode output, int rowCap) {
		String status = LivyClient.text(output, "status");
		if ("error".equalsIgnoreCase(status)) {
			throw statementError(statementId, output);
		}
		JsonNode data = output.path("data");
		String text = LivyClient.text(data, "text/plain");
		JsonNode json = data.get("application/json");
		ResultTable table = null;
		if (json != null && json.has("schema") && json.has("data")) {
			table = table(json.path("schema").path("fields"), json.get("data"), "name", "type");
		}
		JsonNode livyTable = data.get("application/vnd.livy.table.v1+json");
		if (table == null && livyTable != null) {
			table = table(livyTable.path("headers"), livyTable.get("data"), "name", "type");
		}
		boolean truncated = table != null && rowCap > 0 && table.rows().size() >= rowCap;
		if (truncated) {
			logger.warn("Livy statement " + statementId + " returned " + table.rows().size()
					+ " rows, the server's row cap; the result is probably truncated");
		}
		return new StatementResult(statementId, state, (status != null) ? status.toLowerCase(Locale.ROOT) : "ok", text,
				json, table, truncated);
	}

	static LivyStatementException statementError(String statementId, JsonNode output) {
		String ename = LivyClient.text(output, "ename");
		String evalue = LivyClient.text(output, "evalue");
		return new LivyStatementException(statementId, (ename != null) ? ename : "Error",
				(evalue != null) ? evalue : "(no message)", lines(output.get("traceback")));
	}

	private static ResultTable table(JsonNode fields, @Nullable JsonNode data, String nameKey, String typeKey) {
		List<ResultTable.Column> columns = new ArrayList<>();
		for (JsonNode field : fields) {
			JsonNode type = field.get(typeKey);
			columns.add(new ResultTable.Column(String.valueOf(LivyClient.text(field, nameKey)),
					(type == null) ? "unknown" : (type.isString() ? type.asString() : type.toString())));
		}
		List<List<@Nullable Object>> rows = new ArrayList<>();
		if (data != null && data.isArray()) {
			for (JsonNode row : data) {
				List<@Nullable Object> values = new ArrayList<>();
				int index = 0;
				for (JsonNode value : row) {
					values.add(value(value, (index < columns.size()) ? columns.get(index).type() : "unknown"));
					index++;
				}
				rows.add(values);
			}
		}
		return new ResultTable(List.copyOf(columns), rows);
	}

	/** Numbers arrive as BigDecimal (exact); they are narrowed to the column's Spark type. */
	private static @Nullable Object value(JsonNode value, String type) {
		if (value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return switch (type) {
				case "integer", "short", "byte" -> value.asInt();
				case "long" -> value.asLong();
				case "double" -> value.asDouble();
				case "float" -> value.asFloat();
				default -> type.startsWith("decimal") ? value.asDecimal() : value.numberValue();
			};
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		if (value.isString()) {
			return value.asString();
		}
		return value;
	}

	private static String livyDuration(Duration duration) {
		return duration.toSeconds() + "s";
	}

	private static String versionText(int[] version) {
		return version[0] + "." + version[1];
	}

}
