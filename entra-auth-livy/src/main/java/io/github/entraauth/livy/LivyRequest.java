package io.github.entraauth.livy;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;

/**
 * One Livy call as {@link LivyClient} sends it: what to send, whether it may be repeated, and how a 404
 * is read.
 *
 * @param method the HTTP method
 * @param path the path below the base URL
 * @param body the JSON body, if any
 * @param repeat whether the call may be repeated after a response may have been lost
 * @param notFoundRetryUntil 404s before this instant are transient and retried (right after a create)
 * @param notFoundIsAnswer whether a final 404 is returned instead of thrown
 */
record LivyRequest(HttpMethod method, String path, @Nullable JsonNode body, Repeat repeat,
		@Nullable Instant notFoundRetryUntil, boolean notFoundIsAnswer) {

	/** How a call may be repeated. */
	enum Repeat {

		/** Safe to repeat: GET, DELETE, keep-alive, cancel. */
		IDEMPOTENT,

		/** Must not be repeated after a response may have been lost (statement submit). */
		NEVER,

		/** A session or batch create: the caller looks it up by name before any repeat. */
		CREATE

	}

	static LivyRequest get(String path) {
		return new LivyRequest(HttpMethod.GET, path, null, Repeat.IDEMPOTENT, null, false);
	}

	static LivyRequest delete(String path) {
		return new LivyRequest(HttpMethod.DELETE, path, null, Repeat.IDEMPOTENT, null, true);
	}

	static LivyRequest post(String path, @Nullable JsonNode body, Repeat repeat) {
		return new LivyRequest(HttpMethod.POST, path, body, repeat, null, false);
	}

	/** The same call, retrying 404s until the given instant. */
	LivyRequest retryingNotFoundUntil(Instant until) {
		return new LivyRequest(this.method, this.path, this.body, this.repeat, until, this.notFoundIsAnswer);
	}

	/** The same call, returning a final 404 instead of throwing. */
	LivyRequest answeringNotFound() {
		return new LivyRequest(this.method, this.path, this.body, this.repeat, this.notFoundRetryUntil, true);
	}

	@Override
	public String toString() {
		return this.method + " " + this.path;
	}

}
