package io.github.entraauth.livy;

/**
 * Where a session's requests go: a plain session is {@code /sessions/{id}}; a Fabric high-concurrency
 * session is read and released at {@code /highConcurrencySessions/{id}} and runs statements in its REPL.
 *
 * @param self the session itself (GET, DELETE)
 * @param statements the statements collection
 * @param keepAlive the keep-alive path
 */
record SessionPaths(String self, String statements, String keepAlive) {

	static SessionPaths session(String id, LivyProtocol protocol) {
		return new SessionPaths("/sessions/" + id, "/sessions/" + id + "/statements", protocol.keepAlivePath(id));
	}

	static SessionPaths repl(String highConcurrencyId, String sessionId, String replId, LivyProtocol protocol) {
		return new SessionPaths("/highConcurrencySessions/" + highConcurrencyId,
				"/sessions/" + sessionId + "/repls/" + replId + "/statements", protocol.keepAlivePath(sessionId));
	}

}
