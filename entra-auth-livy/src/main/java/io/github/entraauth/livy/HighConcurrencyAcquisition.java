package io.github.entraauth.livy;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Acquires one Fabric high-concurrency session: creates it by a unique name (looked up, not sent again, when
 * the answer is lost), waits until it is idle, which is when Fabric reports its {@code sessionId} and
 * {@code replId}, and hands out a session whose statements go to that REPL.
 */
final class HighConcurrencyAcquisition {

	static final String COLLECTION = "highConcurrencySessions";

	private static final Log logger = LogFactory.getLog(HighConcurrencyAcquisition.class);

	private final LivyService service;

	HighConcurrencyAcquisition(LivyService service) {
		this.service = service;
	}

	LivySession acquire(String sessionTag) {
		if (this.service.dialect() != LivyDialect.FABRIC) {
			throw new LivyException("High-concurrency sessions are a Microsoft Fabric Livy API, and this service talks "
					+ "to Apache Livy; use startSession() there");
		}
		if (sessionTag == null || sessionTag.isBlank()) {
			throw new IllegalArgumentException("sessionTag must not be blank: it decides which REPLs share a Spark "
					+ "session");
		}
		SessionDefaults defaults = this.service.settings().sessions();
		String name = this.service.uniqueName(defaults.namePrefix() + "hc-");
		ObjectNode body = this.service.protocol()
			.sessionRequest(name, defaults.kind(), SessionOptions.defaults().orElse(defaults), new int[] { 0, 0 });
		body.put("sessionTag", sessionTag);
		JsonNode created = new NamedCreate(this.service.client(), this.service.clock(), this.service::listAll)
			.create(COLLECTION, body, name);
		String id = LivyProtocol.id(created);
		try {
			JsonNode idle = awaitIdle(id);
			LivySession session = new LivySession(this.service, id, name, defaults.kind(), this.service.clock().instant(),
					SessionPaths.repl(id, LivyClient.text(idle, "sessionId"), LivyClient.text(idle, "replId"),
							this.service.protocol()));
			this.service.keeper().track(session);
			logger.debug("Acquired high-concurrency session " + id + " (" + name + ", tag " + sessionTag + ")");
			return session;
		}
		catch (RuntimeException ex) {
			release(id, ex);
			throw ex;
		}
	}

	private JsonNode awaitIdle(String id) {
		String path = "/" + COLLECTION + "/" + id;
		Instant notFoundUntil = this.service.notFoundWindow();
		return this.service.poll("high-concurrency session " + id + " to become idle",
				this.service.settings().poll().sessionStartTimeout(), () -> {
					JsonNode node = this.service.client()
						.send(LivyRequest.get(path).retryingNotFoundUntil(notFoundUntil))
						.body();
					String state = this.service.protocol().sessionState(node);
					if (LivySession.ENDED.contains(state)) {
						throw new LivyException("High-concurrency session " + id + " ended in state " + state);
					}
					boolean ready = state.equals("idle") && LivyClient.text(node, "sessionId") != null
							&& LivyClient.text(node, "replId") != null;
					return ready ? node : null;
				});
	}

	private void release(String id, RuntimeException cause) {
		try {
			this.service.delete("/" + COLLECTION + "/" + id);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

}
