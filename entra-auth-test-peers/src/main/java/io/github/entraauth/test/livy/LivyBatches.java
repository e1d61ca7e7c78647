package io.github.entraauth.test.livy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batches: creation, polling through their state machine, logs and deletion, with final states scripted by file
 * pattern. Callers hold the {@link LivyRouter}'s lock.
 */
final class LivyBatches {

	private static final Set<String> BATCH_FIELDS = Set.of("file", "proxyUser", "className", "args", "jars", "pyFiles",
			"files", "driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "archives",
			"queue", "name", "conf");

	private final LivySettings settings;

	private final LivyCodec codec;

	private final Map<String, String> outcomes = new LinkedHashMap<>();

	private final Map<String, EmulatedBatch> batches = new LinkedHashMap<>();

	LivyBatches(LivySettings settings, LivyCodec codec) {
		this.settings = settings;
		this.codec = codec;
	}

	void outcome(String filePattern, String finalState) {
		this.outcomes.put(filePattern, finalState);
	}

	LivyReply create(String body) {
		Set<String> allowed = new HashSet<>(BATCH_FIELDS);
		if (this.settings.fabric()) {
			allowed.add("tags");
		}
		LivyCodec.Request parsed = this.codec.request(body, allowed);
		if (parsed.refusal() != null) {
			return parsed.refusal();
		}
		ObjectNode request = parsed.body();
		String file = LivyCodec.text(request, "file");
		if (file == null) {
			return this.codec.error(400, "InvalidRequest", "Missing file");
		}
		String finalState = "success";
		for (Map.Entry<String, String> outcome : this.outcomes.entrySet()) {
			if (file.matches(outcome.getKey())) {
				finalState = outcome.getValue();
			}
		}
		EmulatedBatch batch = new EmulatedBatch(this.codec.newId(), LivyCodec.text(request, "name"), finalState,
				this.settings);
		batch.log.add("Batch " + batch.id + " submitted: " + file);
		this.batches.put(batch.id, batch);
		return this.codec.created(this.codec.batch(batch), 202, "/batches/" + batch.id);
	}

	LivyReply list(@Nullable String query) {
		return this.codec.page(this.batches.values().stream().map(this.codec::batch).toList(),
				LivyCodec.params(query), "sessions");
	}

	LivyReply get(String id) {
		EmulatedBatch batch = this.batches.get(id);
		if (batch == null) {
			return notFound(id);
		}
		batch.polls++;
		return this.codec.ok(200, this.codec.batch(batch));
	}

	LivyReply sub(String id, String sub, @Nullable String query) {
		EmulatedBatch batch = this.batches.get(id);
		if (batch == null) {
			return notFound(id);
		}
		if (sub.equals("state")) {
			batch.polls++;
			ObjectNode node = this.codec.object();
			this.codec.putId(node, id);
			node.put("state", batch.state());
			return this.codec.ok(200, node);
		}
		return this.codec.log(id, batch.log, query);
	}

	LivyReply delete(String id) {
		if (this.batches.remove(id) == null) {
			return notFound(id);
		}
		return this.codec.ok(200, this.codec.message("deleted"));
	}

	private LivyReply notFound(String id) {
		return this.codec.error(404, "BatchNotFound", "Batch '" + id + "' not found.");
	}

}
