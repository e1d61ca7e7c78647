package io.github.entraauth.livy.user;

import java.util.Optional;
import java.util.Set;

/**
 * The application's record of which user started which Livy session: the only source of ownership (session
 * names and tags are chosen by clients, so anyone could copy them). Keyed by the session id the server returned
 * and the user's {@link EntraUserId}. Replace the in-memory bean with a shared store when several application
 * instances serve the same users; every method is one keyed read or write.
 */
public interface UserLivySessionOwners {

	/**
	 * Records that a user started a session.
	 * @param owner the user
	 * @param sessionId the id the server returned
	 */
	void record(EntraUserId owner, String sessionId);

	/**
	 * Who started a session.
	 * @param sessionId the session id
	 * @return the owner, or empty if no user of this application started it
	 */
	Optional<EntraUserId> ownerOf(String sessionId);

	/**
	 * The sessions a user started and that were not removed.
	 * @param owner the user
	 * @return the session ids
	 */
	Set<String> sessionsOf(EntraUserId owner);

	/**
	 * Forgets a session, once it is closed.
	 * @param sessionId the session id
	 */
	void remove(String sessionId);

}
