package io.github.entraauth.livy;

/**
 * A wait for a session, statement or batch passed its deadline.
 */
public class LivyTimeoutException extends LivyException {

	/**
	 * Creates an exception.
	 * @param message what was awaited and for how long
	 */
	public LivyTimeoutException(String message) {
		super(message);
	}

}
