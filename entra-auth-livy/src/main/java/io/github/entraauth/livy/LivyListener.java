package io.github.entraauth.livy;

import java.time.Duration;

/**
 * Told what the Livy client waits for and how statements end, for metrics. Every method has an
 * empty default, so an implementation overrides only what it needs.
 */
public interface LivyListener {

	/**
	 * Called before the client waits to retry a request.
	 * @param status the HTTP status that caused the retry (429 and 430 are throttling), or
	 * {@code 0} for an I/O error
	 * @param wait how long the client waits
	 */
	default void retrying(int status, Duration wait) {
	}

	/**
	 * Called when a create whose outcome was unknown turned out to have made the session or batch, which
	 * is then used instead of creating another.
	 * @param collection {@code sessions} or {@code batches}
	 */
	default void createAdopted(String collection) {
	}

	/**
	 * Called when a statement's result (or error) has been read.
	 * @param state the final state, such as {@code available}, {@code error} or {@code cancelled}
	 * @param elapsed the time from submission to the result
	 */
	default void statementFinished(String state, Duration elapsed) {
	}

}
